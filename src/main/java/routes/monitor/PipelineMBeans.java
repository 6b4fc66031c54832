package routes.monitor;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.offsets.OffsetWatermarks;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The pipeline's own MBeans, where Camel's have nothing to say, under the domain {@value #DOMAIN}:
 * {@code event-pipeline:context=<camel name>,type=Batcher}, {@code …,type=Offsets,group=<group>} and
 * {@code …,type=Loader}. They are MXBeans, so Jolokia and Hawtio see plain numbers, maps and tables.
 */
public final class PipelineMBeans implements AutoCloseable {

    public static final String DOMAIN = "event-pipeline";
    private static final Logger LOG = LoggerFactory.getLogger(PipelineMBeans.class);

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final String context;
    private final List<ObjectName> registered = new ArrayList<>();

    public PipelineMBeans(String context) {
        this.context = context;
    }

    public static ObjectName name(String context, String type, String extra) {
        try {
            return new ObjectName(DOMAIN + ":context=" + value(context) + ",type=" + type + (extra == null ? "" : "," + extra));
        } catch (JMException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Quoted only when it has to be, as Camel does for its context key. */
    private static String value(String raw) {
        return raw.matches("[A-Za-z0-9_.-]+") ? raw : ObjectName.quote(raw);
    }

    public PipelineMBeans batcher(OpenBatches budget, PipelineMetrics metrics) {
        return register(name(context, "Batcher", null), new Batcher(budget, metrics));
    }

    public PipelineMBeans offsets(OffsetWatermarks watermarks) {
        return register(name(context, "Offsets", "group=" + value(watermarks.groupId())), new Offsets(watermarks));
    }

    public PipelineMBeans loader(LoadHistory history, PipelineMetrics metrics) {
        return register(name(context, "Loader", null), new Loader(history, metrics));
    }

    private PipelineMBeans register(ObjectName name, Object mbean) {
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name); // a previous runtime in this JVM that did not close
            }
            server.registerMBean(mbean, name);
            registered.add(name);
        } catch (JMException e) {
            LOG.warn("cannot register MBean {}: {}", name, e.toString());
        }
        return this;
    }

    @Override
    public void close() {
        for (ObjectName name : registered) {
            try {
                server.unregisterMBean(name);
            } catch (JMException e) {
                LOG.debug("cannot unregister MBean {}: {}", name, e.toString());
            }
        }
        registered.clear();
    }

    /** Open batches in the aggregator and the memory they hold. */
    public interface BatcherMXBean {
        int getOpenBatches();

        long getBufferedBytes();

        Map<String, Long> getOpenBatchBytesByKey();

        long getEventsConsumed();

        long getBatchesWritten();
    }

    /** Per partition of one consumer group: routed, durable (the low watermark) and committed offsets. */
    public interface OffsetsMXBean {
        String getGroup();

        List<PartitionOffsets> getPartitions();

        /** Records routed but not yet committed, summed over the partitions this process owns. */
        long getUncommittedRecords();
    }

    /** The last load per table, and the totals. */
    public interface LoaderMXBean {
        List<LoadHistory.LastLoad> getLastLoads();

        long getRowsInserted();

        long getDuplicatesSkipped();
    }

    public static final class PartitionOffsets {
        private final String topic;
        private final int partition;
        private final long routedUpTo;
        private final long durableOffset;
        private final long committedOffset;
        private final long openHolds;

        PartitionOffsets(String topic, int partition, long routedUpTo, long durableOffset, long committedOffset, long openHolds) {
            this.topic = topic;
            this.partition = partition;
            this.routedUpTo = routedUpTo;
            this.durableOffset = durableOffset;
            this.committedOffset = committedOffset;
            this.openHolds = openHolds;
        }

        public String getTopic() {
            return topic;
        }

        public int getPartition() {
            return partition;
        }

        /** Last offset routed (in a batch, the DLQ or dropped); -1 before the first. */
        public long getRoutedUpTo() {
            return routedUpTo;
        }

        /** Next offset to consume below which everything is durable; -1 before the first. */
        public long getDurableOffset() {
            return durableOffset;
        }

        /** Last offset this process committed; -1 when it has committed nothing yet. */
        public long getCommittedOffset() {
            return committedOffset;
        }

        public long getOpenHolds() {
            return openHolds;
        }
    }

    private record Batcher(OpenBatches budget, PipelineMetrics metrics) implements BatcherMXBean {
        @Override
        public int getOpenBatches() {
            return budget.openBatches();
        }

        @Override
        public long getBufferedBytes() {
            return budget.bufferedBytes();
        }

        @Override
        public Map<String, Long> getOpenBatchBytesByKey() {
            return budget.openBatchBytes();
        }

        @Override
        public long getEventsConsumed() {
            return (long) metrics.total(PipelineMetrics.EVENTS_CONSUMED);
        }

        @Override
        public long getBatchesWritten() {
            return (long) metrics.total(PipelineMetrics.BATCHES_WRITTEN);
        }
    }

    private record Offsets(OffsetWatermarks watermarks) implements OffsetsMXBean {
        @Override
        public String getGroup() {
            return watermarks.groupId();
        }

        @Override
        public List<PartitionOffsets> getPartitions() {
            Map<TopicPartition, Long> committed = watermarks.committedOffsets();
            return watermarks.snapshot().entrySet().stream()
                    .sorted(Comparator.comparing((Map.Entry<TopicPartition, long[]> e) -> e.getKey().topic())
                            .thenComparingInt(e -> e.getKey().partition()))
                    .map(e -> new PartitionOffsets(e.getKey().topic(), e.getKey().partition(), e.getValue()[0], e.getValue()[1],
                            committed.getOrDefault(e.getKey(), -1L), e.getValue()[2]))
                    .toList();
        }

        @Override
        public long getUncommittedRecords() {
            return getPartitions().stream()
                    .mapToLong(p -> Math.max(0, p.getRoutedUpTo() + 1 - Math.max(0, p.getCommittedOffset())))
                    .sum();
        }
    }

    private record Loader(LoadHistory history, PipelineMetrics metrics) implements LoaderMXBean {
        @Override
        public List<LoadHistory.LastLoad> getLastLoads() {
            return history.lastLoads();
        }

        @Override
        public long getRowsInserted() {
            return (long) metrics.total(PipelineMetrics.ROWS_INSERTED);
        }

        @Override
        public long getDuplicatesSkipped() {
            return (long) metrics.total(PipelineMetrics.DUPLICATES_SKIPPED);
        }
    }
}
