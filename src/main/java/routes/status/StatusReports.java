package routes.status;

import io.micrometer.core.instrument.MeterRegistry;
import routes.monitor.ConsumerLagMonitor;
import routes.fields.FieldChangeNotices;
import routes.fields.RecentFieldChanges;
import routes.monitor.LoadHistory;
import routes.monitor.PipelineMetrics;
import routes.monitor.TablePauses;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds a {@link StatusReport} from the sampler's readings of the meters, the lag and dead-letter meters, the
 * load history the Loader MBean serves, the recent activity and the last health reading.
 */
public final class StatusReports {

    /** Rates are averaged over this window: batches and loads come every few seconds, not every sample. */
    static final Duration RATE_WINDOW = Duration.ofSeconds(10);
    static final Duration LATENCY_WINDOW = Duration.ofMinutes(1);

    private final MeterRegistry registry;
    private final StatusSampler sampler;
    private final LoadHistory loads;
    private final RecentActivity recent;
    private final HealthReading health;
    private final TablePauses pauses;
    private final RecentFieldChanges fieldChanges;
    private final long startedMillis;
    private final String batcherGroup;
    private final String loaderGroup;

    /**
     * @param pauses       the loader's paused tables; null without the loader role
     * @param fieldChanges the newest field changes; null when none are kept
     */
    public StatusReports(MeterRegistry registry, StatusSampler sampler, LoadHistory loads, RecentActivity recent,
                         HealthReading health, TablePauses pauses, RecentFieldChanges fieldChanges, long startedMillis,
                         String batcherGroup, String loaderGroup) {
        this.pauses = pauses;
        this.fieldChanges = fieldChanges;
        this.batcherGroup = batcherGroup;
        this.loaderGroup = loaderGroup;
        this.registry = registry;
        this.sampler = sampler;
        this.loads = loads;
        this.recent = recent;
        this.health = health;
        this.startedMillis = startedMillis;
    }

    public StatusReport report() {
        List<Sample> samples = sampler.samples();
        Sample now = samples.get(samples.size() - 1);
        Sample rateBase = StatusSampler.before(samples, now, RATE_WINDOW);
        Sample latencyBase = StatusSampler.before(samples, now, LATENCY_WINDOW);
        LatencyHistogram lastMinute = now.latency().since(latencyBase.latency());
        return new StatusReport(Instant.ofEpochMilli(now.atMillis()).toString(),
                (now.atMillis() - startedMillis) / 1000,
                totals(now), rates(now, rateBase),
                latency(lastMinute), latency(now.appLatency().since(latencyBase.appLatency())),
                groupLag(batcherGroup), groupLag(loaderGroup), lag(), history(samples), buckets(lastMinute),
                recent == null ? List.of() : recent.batches(),
                loads == null ? List.of() : loads.lastLoads(),
                deadLettersByReason(),
                recent == null ? List.of() : recent.deadLetters(),
                health == null ? HealthReading.Health.UNKNOWN : health.last(),
                pauses == null ? List.of() : pauses.paused(),
                fieldChanges());
    }

    private StatusReport.FieldChanges fieldChanges() {
        if (fieldChanges == null) {
            return StatusReport.FieldChanges.NONE;
        }
        return new StatusReport.FieldChanges(fieldChanges.changes().stream()
                .map(c -> new StatusReport.FieldChangeRow(c.at().toString(), c.eventKey(), c.path(), c.type().wireName(),
                        FieldChangeNotices.kindName(c.kind())))
                .toList(), fieldChanges.quietPaths());
    }

    private static StatusReport.Latency latency(LatencyHistogram lastMinute) {
        return new StatusReport.Latency((long) lastMinute.count(), finite(lastMinute.quantile(0.5)), finite(lastMinute.quantile(0.99)));
    }

    private static StatusReport.Totals totals(Sample s) {
        return new StatusReport.Totals(
                (long) s.total(PipelineMetrics.EVENTS_CONSUMED), (long) s.total(PipelineMetrics.EVENTS_DROPPED),
                (long) s.total(PipelineMetrics.EVENTS_DEAD_LETTERED), (long) s.total(PipelineMetrics.BATCHES_WRITTEN),
                (long) s.total(PipelineMetrics.BATCH_RECORDS), (long) s.total(PipelineMetrics.BATCH_BYTES_GZIP),
                (long) s.total(PipelineMetrics.NOTIFICATIONS_PUBLISHED), (long) s.total(PipelineMetrics.LOADS),
                (long) s.total(PipelineMetrics.ROWS_INSERTED), (long) s.total(PipelineMetrics.DUPLICATES_SKIPPED));
    }

    private static StatusReport.Rates rates(Sample now, Sample base) {
        return new StatusReport.Rates(
                round(now.ratePerSecond(base, PipelineMetrics.EVENTS_CONSUMED)),
                round(now.ratePerSecond(base, PipelineMetrics.BATCHES_WRITTEN)),
                round(now.ratePerSecond(base, PipelineMetrics.BATCH_BYTES_GZIP)),
                round(now.ratePerSecond(base, PipelineMetrics.NOTIFICATIONS_PUBLISHED)),
                round(now.ratePerSecond(base, PipelineMetrics.LOADS)),
                round(now.ratePerSecond(base, PipelineMetrics.ROWS_INSERTED)));
    }

    private List<StatusReport.Lag> lag() {
        return registry.find(ConsumerLagMonitor.LAG).gauges().stream()
                .map(g -> new StatusReport.Lag(g.getId().getTag("group"), g.getId().getTag("topic"),
                        Integer.parseInt(g.getId().getTag("partition")), (long) g.value()))
                .sorted(Comparator.comparing(StatusReport.Lag::group).thenComparingInt(StatusReport.Lag::partition))
                .toList();
    }

    private Long groupLag(String group) {
        long lag = ConsumerLagMonitor.totalLag(registry, group);
        return lag < 0 ? null : lag;
    }

    private static StatusReport.History history(List<Sample> samples) {
        List<Long> t = new ArrayList<>();
        List<Double> in = new ArrayList<>();
        List<Double> rows = new ArrayList<>();
        List<Double> batches = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> appP99 = new ArrayList<>();
        for (int i = 1; i < samples.size(); i++) {
            Sample s = samples.get(i);
            List<Sample> upTo = samples.subList(0, i + 1);
            Sample base = StatusSampler.before(upTo, s, RATE_WINDOW);
            Sample latencyBase = StatusSampler.before(upTo, s, LATENCY_WINDOW);
            LatencyHistogram minute = s.latency().since(latencyBase.latency());
            t.add(s.atMillis() / 1000);
            in.add(round(s.ratePerSecond(base, PipelineMetrics.EVENTS_CONSUMED)));
            rows.add(round(s.ratePerSecond(base, PipelineMetrics.ROWS_INSERTED)));
            batches.add(round(s.ratePerSecond(base, PipelineMetrics.BATCHES_WRITTEN)));
            p50.add(finite(minute.quantile(0.5)));
            p99.add(finite(minute.quantile(0.99)));
            appP99.add(finite(s.appLatency().since(latencyBase.appLatency()).quantile(0.99)));
        }
        return new StatusReport.History(t, in, rows, batches, p50, p99, appP99);
    }

    private static List<StatusReport.Bucket> buckets(LatencyHistogram lastMinute) {
        return lastMinute.perBucket().entrySet().stream()
                .map(e -> new StatusReport.Bucket(e.getKey(), Math.round(e.getValue()))).toList();
    }

    private List<StatusReport.ReasonCount> deadLettersByReason() {
        return registry.find(PipelineMetrics.EVENTS_DEAD_LETTERED).counters().stream()
                .map(c -> new StatusReport.ReasonCount(c.getId().getTag("stage"), c.getId().getTag("reason"), (long) c.count()))
                .filter(r -> r.count() > 0)
                .sorted(Comparator.comparingLong(StatusReport.ReasonCount::count).reversed())
                .toList();
    }

    /** JSON has no NaN or infinity: null says "no value". */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
