package routes.monitor;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * When the records of one partition arrived, as far as periodic readings of its end offset can tell: each reading
 * is kept until the group has committed past it. The age of the oldest record the group has not committed is then
 * the time since the first reading that saw it (an underestimate by at most one reading interval, so an alert on it
 * never fires early). This is the lag in seconds that an SLO is written in, where records of lag mean different
 * things per role and per rate.
 */
final class OffsetArrivals {

    private record Reading(long atMillis, long endOffset) {
    }

    private final Deque<Reading> readings = new ArrayDeque<>();

    /** One reading of the partition: its end offset at {@code nowMillis}, and the group's committed offset. */
    synchronized void read(long nowMillis, long endOffset, long committedOffset) {
        if (readings.isEmpty() || readings.peekLast().endOffset() < endOffset) {
            readings.addLast(new Reading(nowMillis, endOffset));
        }
        // a reading whose end the group has committed up to says nothing about what is still waiting
        while (!readings.isEmpty() && readings.peekFirst().endOffset() <= committedOffset) {
            readings.removeFirst();
        }
    }

    /** Milliseconds the oldest uncommitted record has waited at {@code nowMillis}; 0 when nothing waits. */
    synchronized long oldestMillis(long nowMillis) {
        return readings.isEmpty() ? 0 : Math.max(0, nowMillis - readings.peekFirst().atMillis());
    }
}
