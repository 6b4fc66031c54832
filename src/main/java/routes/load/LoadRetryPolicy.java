package routes.load;

import java.time.Duration;

/**
 * How {@link WarehouseLoader} retries and bounds a load.
 *
 * @param initialBackoff   first retry delay cap (full jitter: the delay is uniform in [0, cap]); default 500 ms
 * @param maxBackoff       largest delay cap; default 30 s
 * @param maxAttempts      transient attempts per load including the first; 0 = retry transient failures forever
 *                         (safe because the caller commits topic-B offsets only after success)
 * @param statementTimeout server-side limit per statement; default 15 min (a large COPY is one statement)
 * @param isolateAfter     consecutive non-transient failures of a whole cycle before it is split to find the
 *                         batch at fault; default 3 (a part of a split cycle is split again after one failure)
 */
public record LoadRetryPolicy(Duration initialBackoff, Duration maxBackoff, int maxAttempts, Duration statementTimeout,
                           int isolateAfter) {

    public LoadRetryPolicy {
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max");
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts must be >= 0 (0 = unbounded)");
        }
        if (statementTimeout.isNegative()) {
            throw new IllegalArgumentException("statementTimeout must be >= 0 (0 = none)");
        }
        if (isolateAfter < 1) {
            throw new IllegalArgumentException("isolateAfter must be >= 1");
        }
    }

    public static LoadRetryPolicy defaults() {
        return new LoadRetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), 0, Duration.ofMinutes(15), 3);
    }

    public LoadRetryPolicy withMaxAttempts(int attempts) {
        return new LoadRetryPolicy(initialBackoff, maxBackoff, attempts, statementTimeout, isolateAfter);
    }

    public LoadRetryPolicy withBackoff(Duration initial, Duration max) {
        return new LoadRetryPolicy(initial, max, maxAttempts, statementTimeout, isolateAfter);
    }

    public LoadRetryPolicy withIsolateAfter(int failures) {
        return new LoadRetryPolicy(initialBackoff, maxBackoff, maxAttempts, statementTimeout, failures);
    }

    /** The delay cap before retry number {@code retry} (1-based): initial * 2^(retry-1), at most max. */
    public Duration backoffCap(int retry) {
        long initial = initialBackoff.toMillis();
        int shift = Math.min(Math.max(retry - 1, 0), 30);
        long cap = initial <= 0 ? 0 : initial << shift;
        if (cap < 0 || cap > maxBackoff.toMillis()) {
            cap = maxBackoff.toMillis();
        }
        return Duration.ofMillis(cap);
    }
}
