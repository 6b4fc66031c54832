package routes.batch;

import routes.contract.OccurredAtParser;

import java.time.Instant;

/**
 * The earliest and latest Kafka timestamps of a batch's records in topic A: where the pipeline's own latency
 * starts (the notification's {@code min_arrived_at}/{@code max_arrived_at}). Called once per event on the polling
 * thread, so it keeps two longs and allocates nothing.
 * <p>
 * A timestamp outside the contract's instant range is left out rather than kept: Kafka reports -1 for a record
 * without one, and a producer may set any CreateTime; kept, it would make the notification invalid and dead-letter
 * the batch's good events with it. A batch none of whose records has a usable timestamp has no window, and its
 * notification carries none (loaded, not measured).
 */
final class ArrivalWindow {

    private long minMillis = Long.MAX_VALUE;
    private long maxMillis = Long.MIN_VALUE;

    void record(long kafkaTimestampMillis) {
        if (kafkaTimestampMillis < 0 || kafkaTimestampMillis > OccurredAtParser.MAX_EPOCH_MILLIS) {
            return;
        }
        if (kafkaTimestampMillis < minMillis) {
            minMillis = kafkaTimestampMillis;
        }
        if (kafkaTimestampMillis > maxMillis) {
            maxMillis = kafkaTimestampMillis;
        }
    }

    /** The earliest usable timestamp, or null when no record had one. */
    Instant min() {
        return maxMillis < minMillis ? null : Instant.ofEpochMilli(minMillis);
    }

    /** The latest usable timestamp, or null when no record had one. */
    Instant max() {
        return maxMillis < minMillis ? null : Instant.ofEpochMilli(maxMillis);
    }
}
