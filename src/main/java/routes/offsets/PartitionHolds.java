package routes.offsets;

import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;

/** The holds one unit of work (a batch, a load cycle) keeps: one per partition, at its lowest offset. */
public final class PartitionHolds {

    private final OffsetWatermarks watermarks;
    private final Map<TopicPartition, OffsetWatermarks.Hold> holds = new HashMap<>();

    public PartitionHolds(OffsetWatermarks watermarks) {
        this.watermarks = watermarks;
    }

    /** Records arrive in offset order per partition, so the first one seen is the lowest. */
    public void add(String topic, int partition, long offset) {
        holds.computeIfAbsent(new TopicPartition(topic, partition), tp -> watermarks.hold(topic, partition, offset));
    }

    /** The work is durable: its records no longer hold the watermarks back. */
    public void releaseAll() {
        holds.values().forEach(OffsetWatermarks.Hold::release);
        holds.clear();
    }
}
