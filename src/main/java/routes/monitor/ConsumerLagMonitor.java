package routes.monitor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.config.KafkaClientSecurity;
import routes.config.PipelineSettings;
import routes.config.Setting;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Consumer lag of the pipeline's groups, per partition, as the gauge {@value #LAG}{group, topic, partition}:
 * end offset minus the group's committed offset (minus the log start when the group has committed nothing),
 * read from Kafka with one Admin client every {@code pipeline.monitor.lag-interval-s}. A partition whose lag
 * cannot be read keeps its last value; {@value #LAG_AGE} says how old the reading is. {@value #LAG_OLDEST} (seconds,
 * same tags) is the lag in time: how long the oldest uncommitted record has waited (OffsetArrivals), which the
 * consumer-lag alert compares with its SLO.
 */
public final class ConsumerLagMonitor implements AutoCloseable {

    public static final String LAG = "pipeline.consumer.lag";
    public static final String LAG_AGE = "pipeline.consumer.lag.age";
    public static final String LAG_OLDEST = "pipeline.consumer.lag.oldest";
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLagMonitor.class);
    private static final long TIMEOUT_S = 5;

    private final MeterRegistry registry;
    private final Map<String, String> topicByGroup;
    private final Map<List<String>, AtomicLong> lags = new ConcurrentHashMap<>();
    private final Map<List<String>, OffsetArrivals> arrivals = new ConcurrentHashMap<>();
    private final AtomicLong lastReadMillis = new AtomicLong();
    private final Admin admin;
    private final CamelContext context;
    private final ScheduledExecutorService timer;

    private ConsumerLagMonitor(CamelContext context, PipelineSettings settings, MeterRegistry registry,
                               Map<String, String> topicByGroup) {
        this.context = context;
        this.timer = ContextThreadPools.timer(context, this, "consumer-lag");
        this.registry = registry;
        this.topicByGroup = topicByGroup;
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.get(Setting.KAFKA_BOOTSTRAP_SERVERS));
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "event-pipeline-lag");
        this.admin = Admin.create(KafkaClientSecurity.from(settings).applyTo(properties));
        Gauge.builder(LAG_AGE, this, m -> m.ageSeconds()).baseUnit("seconds")
                .description("Seconds since the consumer lag was last read from Kafka").register(registry);
    }

    /**
     * Watches the groups of the roles this process runs: batcher on topic A, loader on topic B, on a timer thread of
     * the Camel context's ({@link ContextThreadPools}).
     */
    public static ConsumerLagMonitor start(CamelContext context, PipelineSettings settings, MeterRegistry registry) {
        Map<String, String> groups = new HashMap<>();
        if (settings.getBoolean(Setting.ROLE_BATCHER)) {
            groups.put(settings.get(Setting.KAFKA_GROUP_BATCHER), settings.get(Setting.KAFKA_TOPIC_EVENTS));
        }
        if (settings.getBoolean(Setting.ROLE_LOADER)) {
            groups.put(settings.get(Setting.KAFKA_GROUP_LOADER), settings.get(Setting.KAFKA_TOPIC_BATCHES));
        }
        ConsumerLagMonitor monitor = new ConsumerLagMonitor(context, settings, registry, Map.copyOf(groups));
        long period = settings.getLong(Setting.MONITOR_LAG_INTERVAL_S);
        monitor.timer.scheduleWithFixedDelay(monitor::refresh, 0, period, TimeUnit.SECONDS);
        return monitor;
    }

    /** Reads every group's lag once (also called by the timer); failures keep the previous values. */
    public void refresh() {
        topicByGroup.forEach((group, topic) -> {
            try {
                refresh(group, topic);
            } catch (Exception e) {
                LOG.debug("consumer lag of group={} not read: {}", group, e.toString());
            }
        });
    }

    private void refresh(String group, String topic) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS).get(topic);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        description.partitions().forEach(p -> {
            latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
        });
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin.listOffsets(earliest).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(TIMEOUT_S, TimeUnit.SECONDS);
        long now = System.currentTimeMillis();
        ends.forEach((tp, end) -> {
            OffsetAndMetadata done = committed.get(tp);
            long from = done != null ? done.offset() : starts.get(tp).offset();
            gauge(group, tp).set(Math.max(0, end.offset() - from));
            arrivals(group, tp).read(now, end.offset(), from);
        });
        lastReadMillis.set(System.currentTimeMillis());
    }

    private AtomicLong gauge(String group, TopicPartition tp) {
        return lags.computeIfAbsent(List.of(group, tp.topic(), Integer.toString(tp.partition())), key -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(LAG, value, AtomicLong::get)
                    .tags("group", group, "topic", tp.topic(), "partition", Integer.toString(tp.partition()))
                    .description("Records on the partition not yet committed by the group").register(registry);
            return value;
        });
    }

    private OffsetArrivals arrivals(String group, TopicPartition tp) {
        return arrivals.computeIfAbsent(List.of(group, tp.topic(), Integer.toString(tp.partition())), key -> {
            OffsetArrivals partition = new OffsetArrivals();
            Gauge.builder(LAG_OLDEST, partition, p -> p.oldestMillis(System.currentTimeMillis()) / 1000.0)
                    .baseUnit("seconds")
                    .tags("group", group, "topic", tp.topic(), "partition", Integer.toString(tp.partition()))
                    .description("Age of the oldest record on the partition not yet committed by the group (0 when none;"
                            + " to within one lag reading)")
                    .register(registry);
            return partition;
        });
    }

    /** The group's lag summed over its partitions, or -1 before the first reading. */
    public static long totalLag(MeterRegistry registry, String group) {
        var gauges = registry.find(LAG).tag("group", group).gauges();
        return gauges.isEmpty() ? -1 : (long) gauges.stream().mapToDouble(Gauge::value).sum();
    }

    private double ageSeconds() {
        long last = lastReadMillis.get();
        return last == 0 ? Double.NaN : (System.currentTimeMillis() - last) / 1000.0;
    }

    @Override
    public void close() {
        context.getExecutorServiceManager().shutdownNow(timer);
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
