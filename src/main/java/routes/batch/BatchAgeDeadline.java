package routes.batch;

import org.apache.camel.Exchange;
import org.apache.camel.support.ExpressionAdapter;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When an open batch is due by age: its first event + pipeline.batch.max-age-ms, rounded down to a tick of its
 * event key. Each key ticks every half max-age, offset by a hash of the key. Without the ticks, keys that open
 * together (at start, after a rebalance or a quiet spell) would stay in step, every batch of them due at the same
 * moment, and each window would still end in one burst of writes and loads; with them, their deadlines spread
 * over the window. A key with steady traffic reopens just after its tick, so from its second batch on each batch
 * is max-age old; any batch closed by age is at least half max-age old and never older than max-age (plus up to
 * pipeline.batch.age-check-interval-ms, how often the aggregator looks).
 * <p>
 * The batch aggregator's {@code completionTimeoutExpression}. Camel evaluates it on each arriving event after
 * aggregating it, and replaces the group's timeout only for a positive answer. The event that opened the group
 * is the group's exchange (EventBatchAggregation keeps it), so it alone carries the {@link EventBatch}: it sets
 * the deadline, later events answer null and leave it. An inactivity timeout, which steady traffic would keep
 * pushing back, is thus an age deadline.
 */
public final class BatchAgeDeadline extends ExpressionAdapter {

    private final long maxAgeMs;
    private final long tickMs;
    private final LongSupplier clockMillis;

    public BatchAgeDeadline(Duration maxAge) {
        this(maxAge, System::currentTimeMillis);
    }

    /** @param clockMillis wall-clock milliseconds, the clock of Camel's timeout checker */
    BatchAgeDeadline(Duration maxAge, LongSupplier clockMillis) {
        if (maxAge.toMillis() < 1) {
            throw new IllegalArgumentException("max age must be at least 1 ms: " + maxAge);
        }
        this.maxAgeMs = maxAge.toMillis();
        this.tickMs = maxAgeMs / 2;
        this.clockMillis = clockMillis;
    }

    /** Epoch ms at which the batch of {@code eventKey} opened at {@code openedAtMs} is due. */
    public long dueAt(String eventKey, long openedAtMs) {
        long latest = openedAtMs + maxAgeMs;
        if (tickMs < 1) {
            return latest;
        }
        long offset = Utils.toPositive(Utils.murmur2(eventKey.getBytes(StandardCharsets.UTF_8))) % tickMs;
        return latest - Math.floorMod(latest - offset, tickMs);
    }

    /** Milliseconds until the group that this exchange just opened is due; null for an event joining a group. */
    @Override
    public Object evaluate(Exchange exchange) {
        if (!(exchange.getMessage().getBody() instanceof EventBatch batch)) {
            return null;
        }
        long now = clockMillis.getAsLong();
        return Math.max(1, dueAt(batch.eventKey(), now) - now);
    }
}
