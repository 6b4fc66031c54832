package routes.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one bench run does. The windows are the bench's own, shorter than production (batch 60 s, load 60 s)
 * so that a run fits in minutes; they are printed with the results and can be overridden with
 * {@code --pipeline.batch.max-age-ms=…} and {@code --pipeline.load.window-ms=…}.
 *
 * @param scalingEvents   events read by each scaling run (a separate topic; a tenth of {@code events})
 * @param latencySeconds  how long the fixed-rate producer runs in latency mode
 * @param phaseTimeout    bound of every phase but end to end; a phase that hits it reports what it did so far
 */
public record BenchPlan(int events, int keys, int partitions, List<Integer> instances, int eventBytes, int rate,
                        Path out, int scalingEvents, int latencySeconds, Duration phaseTimeout, long seed) {

    /** Batch age limit in the bench (production default 60 s). */
    public static final long BATCH_MAX_AGE_MS = 20_000;
    /** Load window in the bench (production default 60 s). */
    public static final long LOAD_WINDOW_MS = 5_000;
    /** Batch age limit of the short-window latency mode (the freshness target: p99 ≤ 8 s with these). */
    public static final long SHORT_BATCH_MAX_AGE_MS = 5_000;
    /** Load window of the short-window latency mode. */
    public static final long SHORT_LOAD_WINDOW_MS = 1_000;
    /** Events handed to a raw stage at a time (generated untimed, then timed). */
    static final int CHUNK = 50_000;

    public BenchPlan {
        if (events < 1 || keys < 1 || partitions < 1 || eventBytes < 0 || rate < 1) {
            throw new IllegalArgumentException("--events, --keys, --partitions and --rate must be positive");
        }
        if (instances.isEmpty() || instances.stream().anyMatch(i -> i < 1)) {
            throw new IllegalArgumentException("--instances must list positive counts, e.g. 1,2,4");
        }
        instances = List.copyOf(instances);
    }

    /**
     * The end-to-end phase's bound: three phase bounds. Its events wait a batch window before anything loads,
     * so within one phase bound most of what it measured was that fill and the drain after it (45 s: 5,129
     * events/s in run F; over all 1,000,000 events: 8,975 in run G, docs/performance.md). Three bounds let the
     * default run carry every event through and still finish inside 10 minutes.
     */
    public Duration endToEndTimeout() {
        return phaseTimeout.multipliedBy(3);
    }

    public static BenchPlan of(int events, int keys, int partitions, List<Integer> instances, int eventBytes, int rate,
                               Path out, int latencySeconds, int phaseSeconds) {
        return new BenchPlan(events, keys, partitions, instances, eventBytes, rate, out,
                Math.max(1, events / 10), latencySeconds, Duration.ofSeconds(phaseSeconds), 20_261_125L);
    }
}
