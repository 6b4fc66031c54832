package routes.offsets;

import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What one consumer knows about one assigned partition: the next offset it has not routed yet and the
 * lowest offset each open unit of work (a batch, a load cycle) still holds. A new ledger is made on every
 * assignment, so holds taken before a revocation can never move the watermark of a later assignment.
 */
final class PartitionLedger {

    private static final long UNKNOWN = -1L;

    private volatile long nextUnrouted = UNKNOWN;
    private final ConcurrentSkipListMap<Long, Integer> holds = new ConcurrentSkipListMap<>();

    /** Called on the polling thread once a record is in a group, in the DLQ or dropped. */
    void routed(long offset) {
        if (offset + 1 > nextUnrouted) {
            nextUnrouted = offset + 1;
        }
    }

    void hold(long offset) {
        holds.merge(offset, 1, Integer::sum);
    }

    void release(long offset) {
        holds.computeIfPresent(offset, (o, count) -> count == 1 ? null : count - 1);
    }

    /** The offset to commit: nothing below it is still only in memory. -1 while nothing was routed. */
    long durableOffset() {
        long next = nextUnrouted;
        if (next == UNKNOWN) {
            return UNKNOWN;
        }
        Long lowestHeld = holds.isEmpty() ? null : holds.firstKey();
        return lowestHeld == null ? next : Math.min(next, lowestHeld);
    }

    long routedUpTo() {
        return nextUnrouted;
    }

    int openHolds() {
        return holds.size();
    }
}
