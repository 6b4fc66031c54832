package routes.bench;

import routes.local.SyntheticEvents;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bench's events: {@link SyntheticEvents} from one seed, so every stage that regenerates them gets the
 * same sequence of keys, sizes and fields (only {@code occurred_at}, taken from the clock, differs).
 */
final class BenchEvents {

    /** A chunk of events: values and their event keys (the Kafka message keys). */
    record Chunk(List<byte[]> values, List<byte[]> keys, long bytes) {
        int size() {
            return values.size();
        }
    }

    private final SyntheticEvents events;
    private long remaining;

    BenchEvents(BenchPlan plan, long count) {
        this.events = new SyntheticEvents(plan.seed(), plan.keys(), plan.eventBytes());
        this.remaining = count;
    }

    /** The next chunk of at most {@code max} events, or an empty one when all were handed out. */
    Chunk next(int max) {
        int n = (int) Math.min(max, remaining);
        List<byte[]> values = new ArrayList<>(n);
        List<byte[]> keys = new ArrayList<>(n);
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            byte[] value = events.next();
            values.add(value);
            keys.add(events.lastEventKey().getBytes(StandardCharsets.UTF_8));
            bytes += value.length;
        }
        remaining -= n;
        return new Chunk(values, keys, bytes);
    }
}
