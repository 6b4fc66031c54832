package routes.offsets;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;

/** The holds one unit of work (a batch, a load cycle) keeps: one per partition, at its lowest offset. */
public final class PartitionHolds {

    private final OffsetWatermarks watermarks;
    private final String groupKey;
    private final Map<TopicPartition, OffsetWatermarks.Hold> holds = new HashMap<>();

    /** @param groupKey the aggregator group's correlation key: what a revocation of a held partition completes */
    public PartitionHolds(OffsetWatermarks watermarks, String groupKey) {
        this.watermarks = watermarks;
        this.groupKey = groupKey;
    }

    /** Records arrive in offset order per partition, so the first one seen is the lowest. */
    public void add(String topic, int partition, long offset) {
        holds.computeIfAbsent(new TopicPartition(topic, partition), tp -> watermarks.hold(groupKey, topic, partition, offset));
    }

    /**
     * The holds are released when the unit of work's exchange is done: completed, and not stopped on the way (a
     * stop gate drops a queued unit with {@code routeStop}); a failed or stopped one keeps them, so its records are
     * delivered again after the partition moves or the process restarts. Registered on the exchange itself, so that
     * no step of the routes file decides when offsets may be committed.
     */
    public void releaseWhenDone(Exchange exchange) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange done) {
                if (!done.isRouteStop()) {
                    releaseAll();
                }
            }
        });
    }

    /** The work is durable: its records no longer hold the watermarks back. */
    synchronized void releaseAll() {
        holds.values().forEach(OffsetWatermarks.Hold::release);
        holds.clear();
    }
}
