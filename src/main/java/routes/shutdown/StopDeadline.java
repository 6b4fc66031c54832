package routes.shutdown;

import java.time.Duration;

/**
 * How long a stop may spend completing open work: set when the stop begins, it bounds the flush of open
 * groups ({@code pipeline.shutdown.flush-timeout-ms}); past it, whatever has not started is abandoned
 * ({@link StopGate}) and its offsets stay uncommitted, so the stop always fits the orchestrator's grace period.
 */
public final class StopDeadline {

    /** After the flush: in-flight writes finish, the final commits, the clients close. */
    public static final Duration AFTER_FLUSH = Duration.ofSeconds(15);

    /**
     * Of {@link #AFTER_FLUSH}, how long a load already under way at the deadline may go on; then its warehouse
     * statement is cancelled (routes.load.InFlightStatements), so that its transaction and the table's lock end with
     * the process. The rest is for the rollback, the final commits and closing the clients.
     */
    public static final Duration IN_FLIGHT = Duration.ofSeconds(10);

    private final Duration flushTimeout;
    private volatile long deadlineNanos;
    private volatile boolean stopping;

    public StopDeadline(Duration flushTimeout) {
        if (flushTimeout.isNegative() || flushTimeout.isZero()) {
            throw new IllegalArgumentException("pipeline.shutdown.flush-timeout-ms must be positive, got " + flushTimeout.toMillis());
        }
        this.flushTimeout = flushTimeout;
    }

    /** Refuses a flush timeout that, with {@link #AFTER_FLUSH}, would not end before Camel's shutdown timeout. */
    public static StopDeadline within(Duration flushTimeout, Duration camelShutdownTimeout) {
        if (flushTimeout.plus(AFTER_FLUSH).compareTo(camelShutdownTimeout) > 0) {
            throw new IllegalArgumentException("pipeline.shutdown.flush-timeout-ms (" + flushTimeout.toMillis()
                    + ") plus " + AFTER_FLUSH.toSeconds() + " s must not exceed camel.main.shutdown-timeout ("
                    + camelShutdownTimeout.toSeconds() + " s)");
        }
        return new StopDeadline(flushTimeout);
    }

    /** The stop begins now (idempotent: the first call fixes the deadline). */
    public synchronized void begin() {
        if (!stopping) {
            deadlineNanos = System.nanoTime() + flushTimeout.toNanos();
            stopping = true;
        }
    }

    public boolean stopping() {
        return stopping;
    }

    /** A stop is under way and its flush time is used up. */
    public boolean passed() {
        return stopping && System.nanoTime() - deadlineNanos >= 0;
    }

    /** When a wait that would otherwise last {@code wait} from now must end: the stop's deadline if sooner. */
    public long waitUntilNanos(Duration wait) {
        long own = System.nanoTime() + wait.toNanos();
        return stopping && deadlineNanos - own < 0 ? deadlineNanos : own;
    }

    /** How long from now until statements still under way are cancelled: the deadline plus {@link #IN_FLIGHT}. */
    public Duration untilInFlightCancelled() {
        if (!stopping) {
            throw new IllegalStateException("no stop under way");
        }
        return Duration.ofNanos(Math.max(0, deadlineNanos + IN_FLIGHT.toNanos() - System.nanoTime()));
    }

    public Duration flushTimeout() {
        return flushTimeout;
    }
}
