package routes.monitor;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import routes.config.PipelineSettings;

import java.io.PrintStream;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The `local` progress line, refreshed every few seconds from the same meters Prometheus scrapes, plus the
 * consumer lag of both groups read from Kafka.
 */
public final class ProgressReporter implements AutoCloseable {

    private final PipelineMetrics metrics;
    private final Admin admin;
    private final PipelineSettings settings;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress");
        t.setDaemon(true);
        return t;
    });
    private final PrintStream out = System.out;
    private final boolean terminal = System.console() != null;

    private ProgressReporter(PipelineSettings settings, PipelineMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.get("pipeline.kafka.bootstrap-servers"));
        properties.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, settings.get("pipeline.kafka.security-protocol"));
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        this.admin = Admin.create(properties);
    }

    public static ProgressReporter start(PipelineSettings settings, PipelineMetrics metrics) {
        ProgressReporter reporter = new ProgressReporter(settings, metrics);
        long period = settings.getLong("pipeline.local.progress-interval-s");
        reporter.timer.scheduleAtFixedRate(reporter::print, period, period, TimeUnit.SECONDS);
        return reporter;
    }

    private void print() {
        String line = String.format("events in %,d | dropped %,d | dead-lettered %,d | batches %,d | rows loaded %,d | lag batcher %s loader %s",
                (long) metrics.total(PipelineMetrics.EVENTS_CONSUMED),
                (long) metrics.total(PipelineMetrics.EVENTS_DROPPED),
                (long) metrics.total(PipelineMetrics.EVENTS_DEAD_LETTERED),
                (long) metrics.total(PipelineMetrics.BATCHES_WRITTEN),
                (long) metrics.total(PipelineMetrics.ROWS_INSERTED),
                lag(settings.get("pipeline.kafka.group.batcher")),
                lag(settings.get("pipeline.kafka.group.loader")));
        if (terminal) {
            out.print("\r" + line + "   ");
            out.flush();
        } else {
            out.println(line);
        }
    }

    /** Records not yet committed by the group, summed over its partitions ("?" when Kafka does not answer). */
    String lag(String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            if (committed.isEmpty()) {
                return "-";
            }
            Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
            long lag = committed.entrySet().stream()
                    .filter(e -> e.getValue() != null && ends.containsKey(e.getKey()))
                    .mapToLong(e -> Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset()))
                    .sum();
            return String.format("%,d", lag);
        } catch (Exception e) {
            return "?";
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close();
    }
}
