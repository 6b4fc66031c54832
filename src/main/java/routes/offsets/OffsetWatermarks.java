package routes.offsets;

import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-partition low watermarks of one consumer group: the offset below which every record is durable
 * downstream (in an acknowledged S3 object, in the warehouse, in the DLQ, or dropped by a rule).
 *
 * <p>Three threads meet here. The polling thread marks records as routed when their exchanges are done
 * ({@link RecordCompletions}) and commits watermarks; the
 * aggregator's threads take a {@link Hold} when a group first receives a record of a partition and release
 * it once the group's exchange is done ({@link PartitionHolds#releaseWhenDone}). Only the polling thread ever talks
 * to the Kafka consumer: see
 * {@link WatermarkCommittingConsumer}.
 */
public final class OffsetWatermarks {

    private final String groupId;
    private final OpenWork openWork;
    private final Map<TopicPartition, PartitionLedger> ledgers = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();

    /** @param openWork the group's aggregator controller: completes its open groups on revocation and shutdown */
    public OffsetWatermarks(String groupId, OpenWork openWork) {
        this.groupId = groupId;
        this.openWork = openWork;
    }

    public OffsetWatermarks(String groupId) {
        this(groupId, OpenWork.NONE);
    }

    public String groupId() {
        return groupId;
    }

    OpenWork openWork() {
        return openWork;
    }

    /** The record's exchange is done: it is in a group (which holds it), in the DLQ, or dropped by a rule. */
    public void routed(String topic, int partition, long offset) {
        ledger(new TopicPartition(topic, partition)).routed(offset);
    }

    /** The record's exchange failed: the watermark stays at or below it until it is routed (redelivered). */
    public void failed(String topic, int partition, long offset) {
        ledger(new TopicPartition(topic, partition)).failed(offset);
    }

    /**
     * Keeps the watermark of the record's partition at or below {@code offset} until released; {@code holder} is the
     * aggregator group that holds the record (its correlation key), which a revocation of the partition completes.
     */
    public Hold hold(String holder, String topic, int partition, long offset) {
        PartitionLedger ledger = ledger(new TopicPartition(topic, partition));
        ledger.hold(offset, holder);
        return new Hold(ledger, offset, holder);
    }

    /** The groups holding records of these partitions that are not durable yet. */
    Set<String> holders(Collection<TopicPartition> partitions) {
        Set<String> result = new HashSet<>();
        for (TopicPartition tp : partitions) {
            PartitionLedger ledger = ledgers.get(tp);
            if (ledger != null) {
                result.addAll(ledger.holders());
            }
        }
        return result;
    }

    /** True while some record of these partitions is held in memory (in an open group or a write in flight). */
    boolean held(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            PartitionLedger ledger = ledgers.get(tp);
            if (ledger != null && ledger.openHolds() > 0) {
                return true;
            }
        }
        return false;
    }

    void assigned(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> ledgers.put(tp, new PartitionLedger()));
    }

    void revoked(Collection<TopicPartition> partitions) {
        partitions.forEach(ledgers::remove);
        partitions.forEach(committed::remove);
    }

    /** The consumer committed {@code offset} (next offset to consume) for the partition. */
    void committed(TopicPartition partition, long offset) {
        committed.put(partition, offset);
    }

    /** Offsets this process committed last, per partition it owns (monitoring). */
    public Map<TopicPartition, Long> committedOffsets() {
        return Map.copyOf(committed);
    }

    /** Durable offsets (next offset to consume) of the given partitions that have routed anything. */
    Map<TopicPartition, Long> durableOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> result = new HashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionLedger ledger = ledgers.get(tp);
            if (ledger != null && ledger.durableOffset() >= 0) {
                result.put(tp, ledger.durableOffset());
            }
        }
        return result;
    }

    /** A snapshot for monitoring: partition → {routed up to, durable offset, open holds}. */
    public Map<TopicPartition, long[]> snapshot() {
        Map<TopicPartition, long[]> result = new HashMap<>();
        ledgers.forEach((tp, l) -> result.put(tp, new long[] {l.routedUpTo(), l.durableOffset(), l.openHolds()}));
        return result;
    }

    private PartitionLedger ledger(TopicPartition tp) {
        return ledgers.computeIfAbsent(tp, ignored -> new PartitionLedger());
    }

    /** A unit of work's claim on one partition; released exactly once when the work is durable. */
    public static final class Hold {
        private final PartitionLedger ledger;
        private final long offset;
        private final String holder;
        private boolean released;

        private Hold(PartitionLedger ledger, long offset, String holder) {
            this.ledger = ledger;
            this.offset = offset;
            this.holder = holder;
        }

        public synchronized void release() {
            if (!released) {
                released = true;
                ledger.release(offset, holder);
            }
        }

        public long offset() {
            return offset;
        }
    }
}
