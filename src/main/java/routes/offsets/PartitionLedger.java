package routes.offsets;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * What one consumer knows about one assigned partition: the next offset it has not routed yet and the
 * lowest offset each open unit of work (a batch, a load cycle) still holds. A new ledger is made on every
 * assignment, so holds taken before a revocation can never move the watermark of a later assignment.
 */
final class PartitionLedger {

    private static final long UNKNOWN = -1L;

    private volatile long nextUnrouted = UNKNOWN;
    /** Offsets whose exchange failed and that were not routed since: the watermark stays at or below them. */
    private final ConcurrentSkipListSet<Long> failed = new ConcurrentSkipListSet<>();
    private final ConcurrentSkipListMap<Long, Integer> holds = new ConcurrentSkipListMap<>();
    /** Open holds per holder (the aggregator group's correlation key): who to complete when the partition is revoked. */
    private final ConcurrentHashMap<String, Integer> holders = new ConcurrentHashMap<>();

    /** Called on the polling thread once a record is in a group, in the DLQ or dropped. */
    void routed(long offset) {
        if (offset + 1 > nextUnrouted) {
            nextUnrouted = offset + 1;
        }
        if (!failed.isEmpty()) {
            failed.remove(offset);
        }
    }

    /**
     * Called on the polling thread when a record's exchange failed. camel-kafka (breakOnFirstError) seeks back and
     * delivers it again, which routes it; until then, later records routed meanwhile (a consumer that goes on past
     * a failure) must not carry the watermark past it.
     */
    void failed(long offset) {
        failed.add(offset);
    }

    void hold(long offset, String holder) {
        holders.merge(holder, 1, Integer::sum);
        holds.merge(offset, 1, Integer::sum);
    }

    void release(long offset, String holder) {
        holds.computeIfPresent(offset, (o, count) -> count == 1 ? null : count - 1);
        holders.computeIfPresent(holder, (h, count) -> count == 1 ? null : count - 1);
    }

    /** The groups whose records of this partition are not durable yet (open, or completed and being written). */
    Set<String> holders() {
        return Set.copyOf(holders.keySet());
    }

    /** The offset to commit: nothing below it is still only in memory. -1 while nothing was routed. */
    long durableOffset() {
        long next = nextUnrouted;
        if (next == UNKNOWN) {
            return UNKNOWN;
        }
        Long lowestHeld = holds.isEmpty() ? null : holds.firstKey();
        long durable = lowestHeld == null ? next : Math.min(next, lowestHeld);
        return failed.isEmpty() ? durable : Math.min(durable, failed.first());
    }

    long routedUpTo() {
        return nextUnrouted;
    }

    int openHolds() {
        return holds.size();
    }
}
