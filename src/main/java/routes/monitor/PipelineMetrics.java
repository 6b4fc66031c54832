package routes.monitor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The pipeline's own meters, in the registry Prometheus scrapes. The terminal progress line reads these
 * same meters, so there is one set of counters.
 */
public final class PipelineMetrics {

    public static final String EVENTS_CONSUMED = "pipeline.events.consumed";
    public static final String EVENTS_DROPPED = "pipeline.events.dropped";
    public static final String EVENTS_DEAD_LETTERED = "pipeline.events.dead.lettered";
    public static final String BATCHES_WRITTEN = "pipeline.batches.written";
    public static final String BATCHES_ABANDONED = "pipeline.batches.abandoned";
    public static final String BATCH_RECORDS = "pipeline.batch.records";
    public static final String BATCH_BYTES_RAW = "pipeline.batch.bytes.raw";
    public static final String BATCH_BYTES_GZIP = "pipeline.batch.bytes.gzip";
    public static final String BATCH_WRITE = "pipeline.batch.write";
    /** A batch's age when topic B acknowledged its notification: from its first event to announced. */
    public static final String BATCH_AGE = "pipeline.batch.age";
    public static final String LOADS = "pipeline.loads";
    public static final String ROWS_INSERTED = "pipeline.rows.inserted";
    public static final String DUPLICATES_SKIPPED = "pipeline.duplicates.skipped";
    public static final String LOAD_ISOLATIONS = "pipeline.load.isolations";
    public static final String LOAD_PAUSES = "pipeline.load.pauses";
    public static final String LOAD_PAUSED_TABLES = "pipeline.load.paused.tables";
    public static final String LOAD_DURATION = "pipeline.load.duration";
    public static final String END_TO_END_LATENCY = "pipeline.end.to.end.latency";
    /** The pipeline's own latency (Prometheus {@code pipeline_latency_seconds}): what the SLO and the status page use. */
    public static final String PIPELINE_LATENCY = "pipeline.latency";
    public static final String S3_PUT = "pipeline.s3.put";
    public static final String NOTIFICATIONS_PUBLISHED = "pipeline.notifications.published";
    /** Path observations the batcher's bounds left out of notifications (Prometheus {@code pipeline_fields_cut_total}). */
    public static final String FIELDS_CUT = "pipeline.fields.cut";
    public static final String HEALTH_READY = "pipeline.health.ready";
    /** Field changes the loader committed or found (tag {@code kind}: new_path, new_type, not_seen). */
    public static final String FIELD_CHANGES = "pipeline.field.changes";
    public static final String FIELD_PATHS_QUIET = "pipeline.field.paths.quiet";

    private final MeterRegistry registry;
    private final Counter consumed;
    private final Counter batchesWritten;
    private final Counter batchesAbandoned;
    private final Counter batchRecords;
    private final Counter rawBytes;
    private final Counter gzipBytes;
    private final Timer batchWrite;
    private final Timer batchAge;

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.consumed = Counter.builder(EVENTS_CONSUMED).description("Events read from topic A").register(registry);
        this.batchesWritten = Counter.builder(BATCHES_WRITTEN).description("Batch objects written to S3 and announced").register(registry);
        this.batchesAbandoned = Counter.builder(BATCHES_ABANDONED).description("Batches that failed on the way to S3 or were dropped at the end of a stop (records will be redelivered)").register(registry);
        this.batchRecords = Counter.builder(BATCH_RECORDS).description("Events in written batches").register(registry);
        this.rawBytes = Counter.builder(BATCH_BYTES_RAW).baseUnit("bytes").description("Uncompressed NDJSON bytes written").register(registry);
        this.gzipBytes = Counter.builder(BATCH_BYTES_GZIP).baseUnit("bytes").description("gzip bytes written to S3").register(registry);
        this.batchWrite = Timer.builder(BATCH_WRITE).description("gzip + S3 put + notification of one batch").register(registry);
        // Client-side quantiles: a batch older than pipeline.batch.max-age-ms plus its write says the writers or the
        // aggregator's completions are queueing (docs/latency.md), per instance, which is where it is fixed.
        this.batchAge = Timer.builder(BATCH_AGE).description("Age of a batch when its notification was acknowledged: first event to announced")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void eventConsumed() {
        consumed.increment();
    }

    public void eventDropped(String rule) {
        registry.counter(EVENTS_DROPPED, "rule", rule).increment();
    }

    public void eventDeadLettered(String stage, String reason) {
        registry.counter(EVENTS_DEAD_LETTERED, "stage", stage, "reason", reason).increment();
    }

    public void batchWritten(int records, long raw, long gzip, long millis, long ageMillis) {
        batchesWritten.increment();
        batchRecords.increment(records);
        rawBytes.increment(raw);
        gzipBytes.increment(gzip);
        batchWrite.record(millis, TimeUnit.MILLISECONDS);
        batchAge.record(ageMillis, TimeUnit.MILLISECONDS);
    }

    /** One S3 put of a batch object (the aws2-s3 producer's time), by outcome. */
    public void s3Put(long millis, boolean succeeded) {
        Timer.builder(S3_PUT).description("PUT of one batch object to S3 (aws2-s3 producer)")
                .tag("outcome", succeeded ? "success" : "failure").publishPercentileHistogram().register(registry)
                .record(millis, TimeUnit.MILLISECONDS);
    }

    /** One notification acknowledged by topic B. */
    public void notificationPublished() {
        registry.counter(NOTIFICATIONS_PUBLISHED).increment();
    }

    /**
     * Path observations of an announced batch that its notification leaves out, by the bound that cut them
     * ({@code name}, {@code path_bytes}, {@code max_paths}: routes.batch.FieldCut); nothing is registered for none.
     */
    public void fieldsCut(String bound, long observations) {
        if (observations > 0) {
            Counter.builder(FIELDS_CUT).description("Path observations the batcher's field bounds left out of notifications")
                    .tag("bound", bound).register(registry).increment(observations);
        }
    }

    public void batchAbandoned() {
        batchesAbandoned.increment();
    }

    /** One load of {@code table}; {@code startedBy} is why it started (the load line's started_by=). */
    public void loaded(String table, String startedBy, long rowsInserted, long duplicatesSkipped, long millis) {
        registry.counter(LOADS, "table", table, "started_by", startedBy).increment();
        registry.counter(ROWS_INSERTED, "table", table).increment(rowsInserted);
        registry.counter(DUPLICATES_SKIPPED, "table", table).increment(duplicatesSkipped);
        registry.timer(LOAD_DURATION, "table", table).record(millis, TimeUnit.MILLISECONDS);
    }

    /** A batch found at fault by splitting its failing cycle; {@code reason}: the failed step or {@code timeout}. */
    public void loadIsolated(String table, String reason) {
        Counter.builder(LOAD_ISOLATIONS).description("Batches isolated from a failing load cycle and dead-lettered")
                .tag("table", table).tag("reason", reason).register(registry).increment();
    }

    /** A table's loads paused (a new pause, not each retry of it); {@code reason}: routes.load.FailureClass's code. */
    public void loadPaused(String table, String reason) {
        Counter.builder(LOAD_PAUSES).description("Times a table's loads paused on a failure that is not its batches' fault"
                        + " (nothing dead-lettered, retried until it commits)")
                .tag("table", table).tag("reason", reason).register(registry).increment();
    }

    /** The number of tables whose loads are paused now, read from {@code pausedTables} at scrape time. */
    public void pausedTables(Supplier<Number> pausedTables) {
        Gauge.builder(LOAD_PAUSED_TABLES, pausedTables).description("Tables whose loads are paused now").register(registry);
    }

    /**
     * 1 when this process is ready (the checks {@code /observe/health/ready} answers 200 for), 0 when not, asked of
     * {@code ready} at scrape time: Camel exports no meter of its health checks, and an alert on readiness must also
     * work without Kubernetes' probes. The scrape is served off the event loop, and each dependency check is bounded by
     * {@code pipeline.monitor.check-timeout-ms}.
     */
    public void ready(Supplier<Boolean> ready) {
        // the Supplier form holds its supplier strongly (the state-object form would let the lambda be collected: NaN)
        Gauge.builder(HEALTH_READY, () -> ready.get() ? 1 : 0)
                .description("1 when the readiness checks are up (/observe/health/ready answers 200), else 0").register(registry);
    }

    /**
     * The apps' view: load time minus occurred_at, recorded once per loaded batch at its oldest event (the worst
     * case). Late events and backfills count here as slowness, so no alert is built on it ({@link #pipelineLatency}).
     */
    public void endToEndLatency(String table, Duration latency) {
        DistributionSummary.builder(END_TO_END_LATENCY).baseUnit("seconds").tag("table", table)
                .publishPercentileHistogram().register(registry)
                .record(Math.max(0, latency.toMillis()) / 1000.0);
    }

    /**
     * The pipeline's own latency: commit of the load minus the record's arrival in topic A (its Kafka timestamp),
     * recorded once per loaded batch at its earliest arrival. The notification carries only the batch's bounds,
     * so this is the batch's worst case: every event of the batch waited at most this long, and a percentile over
     * batches is never below the same percentile over events (an SLO on it errs towards paging, never towards
     * silence). Per event it would be record_count observations guessed between the bounds, not measured.
     */
    public void pipelineLatency(String table, Duration latency) {
        DistributionSummary.builder(PIPELINE_LATENCY).baseUnit("seconds").tag("table", table)
                .description("Loaded batches' commit time minus the earliest Kafka timestamp of their records in topic A")
                .publishPercentileHistogram().register(registry)
                .record(Math.max(0, latency.toMillis()) / 1000.0);
    }

    /** One field change of an event key; {@code kind}: new_path, new_type or not_seen (routes.fields.FieldChangeNotices). */
    public void fieldChanged(String kind) {
        Counter.builder(FIELD_CHANGES).description("Field changes of event keys: a new path, a new type of a path, a path"
                        + " not seen for pipeline.fields.quiet-after-h").tag("kind", kind).register(registry).increment();
    }

    /** The paths not seen for longer than the setting, as last counted ({@code quietPaths} gives NaN before that). */
    public void quietFieldPaths(Supplier<Number> quietPaths) {
        Gauge.builder(FIELD_PATHS_QUIET, quietPaths).description("Paths of event keys not seen for longer than"
                + " pipeline.fields.quiet-after-h, counted once a minute by the loader").register(registry);
    }

    /** Sum of a counter over all its tags (0 when it was never incremented). */
    public double total(String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }
}
