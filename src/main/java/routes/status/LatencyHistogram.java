package routes.status;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import routes.monitor.PipelineMetrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * A latency histogram at one moment ({@link PipelineMetrics#PIPELINE_LATENCY}, the page's headline, or
 * {@link PipelineMetrics#END_TO_END_LATENCY}, the apps' view beside it): cumulative counts per bucket upper bound
 * (seconds), summed over the tables, as Micrometer's percentile histogram holds them. The difference of two readings is the histogram of what was loaded in between, so percentiles of
 * "the last minute" need no second set of meters. A percentile is reported as the upper bound of the bucket
 * it falls in (Prometheus' histogram_quantile interpolates; at these bucket widths the difference is small).
 */
public record LatencyHistogram(TreeMap<Double, Double> cumulative, double count) {

    public static final LatencyHistogram EMPTY = new LatencyHistogram(new TreeMap<>(), 0);

    /** The current reading of every table's summary named {@code meter}. */
    public static LatencyHistogram read(MeterRegistry registry, String meter) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        double count = 0;
        for (DistributionSummary summary : registry.find(meter).summaries()) {
            HistogramSnapshot snapshot = summary.takeSnapshot();
            count += snapshot.count();
            for (CountAtBucket bucket : snapshot.histogramCounts()) {
                buckets.merge(bucket.bucket(), bucket.count(), Double::sum);
            }
        }
        return new LatencyHistogram(buckets, count);
    }

    /** What was recorded after {@code earlier}: this reading minus that one, bucket by bucket. */
    public LatencyHistogram since(LatencyHistogram earlier) {
        TreeMap<Double, Double> delta = new TreeMap<>();
        cumulative.forEach((bound, c) -> delta.put(bound, Math.max(0, c - earlier.cumulative.getOrDefault(bound, 0.0))));
        return new LatencyHistogram(delta, Math.max(0, count - earlier.count));
    }

    /**
     * The upper bound (seconds) of the bucket holding the {@code quantile} (0..1) of the values; NaN when there
     * are none, +Infinity when it lies above the last bucket.
     */
    public double quantile(double quantile) {
        if (count <= 0) {
            return Double.NaN;
        }
        double rank = quantile * count;
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= rank && bucket.getValue() > 0) {
                return bucket.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** Values per bucket (not cumulative), for drawing: upper bound → count, empty buckets left out. */
    public Map<Double, Double> perBucket() {
        TreeMap<Double, Double> per = new TreeMap<>();
        double below = 0;
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            double n = bucket.getValue() - below;
            if (n > 0) {
                per.put(bucket.getKey(), n);
            }
            below = bucket.getValue();
        }
        return per;
    }
}
