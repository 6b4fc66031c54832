package routes.status;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import routes.monitor.PipelineMetrics;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The pipeline's cumulative counters (summed over their tags) and latency histograms at one moment: {@code latency}
 * the pipeline's own (arrival in topic A to commit), {@code appLatency} the apps' view (occurred_at to loaded).
 */
public record Sample(long atMillis, Map<String, Double> totals, LatencyHistogram latency, LatencyHistogram appLatency) {

    /** The counters of {@link PipelineMetrics} that the status page and panel show. */
    public static final List<String> COUNTERS = List.of(
            PipelineMetrics.EVENTS_CONSUMED, PipelineMetrics.EVENTS_DROPPED, PipelineMetrics.EVENTS_DEAD_LETTERED,
            PipelineMetrics.BATCHES_WRITTEN, PipelineMetrics.BATCH_RECORDS, PipelineMetrics.BATCH_BYTES_GZIP,
            PipelineMetrics.NOTIFICATIONS_PUBLISHED, PipelineMetrics.LOADS, PipelineMetrics.ROWS_INSERTED,
            PipelineMetrics.DUPLICATES_SKIPPED);

    public static Sample read(MeterRegistry registry, long atMillis) {
        Map<String, Double> totals = COUNTERS.stream().collect(Collectors.toUnmodifiableMap(Function.identity(),
                name -> registry.find(name).counters().stream().mapToDouble(Counter::count).sum()));
        return new Sample(atMillis, totals, LatencyHistogram.read(registry, PipelineMetrics.PIPELINE_LATENCY),
                LatencyHistogram.read(registry, PipelineMetrics.END_TO_END_LATENCY));
    }

    public double total(String counter) {
        return totals.getOrDefault(counter, 0.0);
    }

    /** Per second between {@code earlier} and this sample (0 when no time passed). */
    public double ratePerSecond(Sample earlier, String counter) {
        double seconds = (atMillis - earlier.atMillis) / 1000.0;
        return seconds <= 0 ? 0 : Math.max(0, total(counter) - earlier.total(counter)) / seconds;
    }
}
