package routes;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.main.BaseMainSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.batch.AdmissionStep;
import routes.batch.BatchAggregateController;
import routes.batch.BatchAgeDeadline;
import routes.batch.BatchIsFull;
import routes.batch.BatcherSettings;
import routes.batch.BatchMemoryBudget;
import routes.batch.BatchObjectNaming;
import routes.batch.BatchSpooler;
import routes.batch.DerivedIdOrigin;
import routes.batch.EventAdmission;
import routes.batch.EventBatch;
import routes.batch.EventBatchAggregation;
import routes.batch.NotificationBuilder;
import routes.config.KafkaClientSecurity;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.config.SettingsException;
import routes.s3.S3Clients;
import routes.deadletter.DeadLetterSize;
import routes.deadletter.DeadLetterSpill;
import routes.fields.FieldChangeNotices;
import routes.fields.RecentFieldChanges;
import routes.config.S3Settings;
import routes.config.WarehouseSettings;
import routes.batch.SanitizeRules;
import routes.batch.WarehouseValueLimits;
import routes.load.InFlightStatements;
import routes.load.LoadCycle;
import routes.load.LoadCycleAggregation;
import routes.load.LoadCycleIsDue;
import routes.load.LoadTurns;
import routes.load.LoadSettings;
import org.apache.camel.Processor;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import routes.load.LoadStep;
import routes.load.NotificationIntake;
import routes.load.NotificationValidator;
import routes.load.PostgresDialect;
import routes.load.RedshiftCopyStatements;
import routes.load.RedshiftDialect;
import routes.load.S3ManifestWriter;
import routes.load.ObjectFetcher;
import routes.load.S3ObjectStore;
import routes.contract.TableRouting;
import routes.load.WarehouseDialect;
import routes.load.WarehouseDataSource;
import routes.load.WarehouseLoad;
import routes.load.CopyOptions;
import routes.load.LoadFailures;
import routes.load.LoadStatements;
import routes.load.TransactionTemplatePolicy;
import routes.load.WarehouseSchema;
import routes.fields.EventKeyViews;
import routes.fields.FieldChangeListener;
import routes.fields.ViewStatements;
import routes.monitor.LoadHistory;
import routes.monitor.TablePauses;
import routes.monitor.PipelineMetrics;
import routes.offsets.FlushingAggregateController;
import routes.offsets.OffsetWatermarks;
import routes.offsets.RecordCompletions;
import routes.offsets.WatermarkConsumerFactory;
import routes.shutdown.AbandonedWork;
import routes.shutdown.StopDeadline;
import routes.shutdown.StopGate;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the beans the YAML routes call, from the resolved settings, and binds them under the names the
 * routes use. Everything that talks to the outside world (S3 client, data source, Kafka client factory)
 * is made here, once.
 */
public final class PipelineBeans implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineBeans.class);
    /** The aggregators' controllers, as routes.yaml names them (RoutesFile checks that an edited copy keeps them). */
    public static final String BATCH_AGGREGATE_CONTROLLER = "batchAggregateController";
    public static final String LOAD_AGGREGATE_CONTROLLER = "loadAggregateController";

    private final PipelineSettings settings;
    private final BatcherSettings batcher;
    private final S3Settings s3Settings;
    private final Map<String, Object> beans = new LinkedHashMap<>();
    private final WatermarkConsumerFactory kafkaClients;
    private final OffsetWatermarks batcherWatermarks;
    private final OffsetWatermarks loaderWatermarks;
    private final BatchMemoryBudget memoryBudget;
    private final BatchAggregateController batchAggregator;
    private final FlushingAggregateController loadAggregator;
    private final PipelineMetrics metrics;
    private final LoadHistory loadHistory = new LoadHistory();
    private final RecentFieldChanges recentFieldChanges = new RecentFieldChanges();
    /** The loader's FieldChangeListener (bound as {@value FieldChangeNotices#BEAN}): log line, counter, status page. */
    private final FieldChangeNotices fieldChanges;
    private final S3Client s3;
    private final StopDeadline stopDeadline;
    private final AbandonedWork abandoned = new AbandonedWork();
    private final InFlightStatements inFlightStatements = new InFlightStatements();
    private HikariDataSource dataSource;
    private WarehouseDialect dialect;
    private ObjectFetcher objectFetcher;
    private TableRouting tableRouting;
    private LoadTurns loadTurns;
    private TablePauses tablePauses;
    /** The views per event key (pipeline.views.enabled), told of each load's committed field changes after the notices. */
    private EventKeyViews eventKeyViews;

    public PipelineBeans(PipelineSettings settings) {
        this.settings = settings;
        // One registry for our meters and Camel's: camel-micrometer-prometheus finds it by type (the only
        // MeterRegistry bound) and serves it at /observe/metrics. Metrics off (measuring their cost): a
        // registry with no backend, whose meters record nothing.
        MeterRegistry meters = settings.getBoolean(Setting.METRICS_ENABLED)
                ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : new CompositeMeterRegistry();
        this.metrics = new PipelineMetrics(meters);
        this.fieldChanges = new FieldChangeNotices(metrics, recentFieldChanges);
        KafkaClientSecurity kafkaSecurity = KafkaClientSecurity.from(settings);
        LOG.info("Kafka clients: {}", kafkaSecurity);
        this.kafkaClients = new WatermarkConsumerFactory(settings.getLong(Setting.KAFKA_COMMIT_INTERVAL_MS), kafkaSecurity);
        this.batcher = BatcherSettings.of(settings);
        this.s3Settings = S3Settings.of(settings);
        this.memoryBudget = new BatchMemoryBudget(batcher.memoryBudgetBytes(), batcher.memoryBudgetMinRecords());
        this.stopDeadline = StopDeadline.within(Duration.ofMillis(settings.getLong(Setting.SHUTDOWN_FLUSH_TIMEOUT_MS)),
                Duration.ofSeconds(settings.getLong("camel.main.shutdown-timeout")));
        // routes.yaml's aggregateController of each aggregator: Camel hands each its aggregator on every start
        this.batchAggregator = new BatchAggregateController(memoryBudget, stopDeadline);
        this.loadAggregator = new FlushingAggregateController(stopDeadline);
        this.batcherWatermarks = kafkaClients.register(new OffsetWatermarks(settings.get(Setting.KAFKA_GROUP_BATCHER), batchAggregator));
        this.loaderWatermarks = kafkaClients.register(new OffsetWatermarks(settings.get(Setting.KAFKA_GROUP_LOADER), loadAggregator));
        this.s3 = S3Clients.create(s3Settings);
        Clock clock = Clock.systemUTC();
        TableRouting tableRouting = TableRouting.parse(settings.get(Setting.WAREHOUSE_TABLES));

        beans.put("prometheusMeterRegistry", meters);
        beans.put("pipelineMetrics", metrics);
        beans.put(FieldChangeNotices.BEAN, fieldChanges);
        beans.put("s3Client", s3);
        DeadLetterSpill deadLetterSpill = new DeadLetterSpill(
                new DeadLetterSize(settings.getInt(Setting.KAFKA_DLQ_MAX_REQUEST_BYTES)), s3, s3Settings);
        beans.put("deadLetterSpill", deadLetterSpill);
        beans.put("deadLetterSpillAfterRefusal", deadLetterSpill.afterRefusal());
        // routes.yaml's consumer endpoints commit offsets through the first (kafkaClientFactory=#watermarkCommits) and
        // move the watermarks as each record's exchange is done through the second (kafkaManualCommitFactory)
        beans.put(WatermarkConsumerFactory.BEAN, kafkaClients);
        beans.put(RecordCompletions.BEAN, new RecordCompletions());
        beans.put("batcherWatermarks", batcherWatermarks);
        beans.put("loaderWatermarks", loaderWatermarks);
        beans.put("batchMemoryBudget", memoryBudget);
        if (settings.getBoolean(Setting.ROLE_BATCHER)) {
            bindBatcher(clock, tableRouting);
        }
        if (settings.getBoolean(Setting.ROLE_LOADER)) {
            bindLoader(clock, tableRouting);
        }
    }

    private void bindBatcher(Clock clock, TableRouting tableRouting) {
        EventAdmission admission = eventAdmission(settings);
        beans.put("admissionStep", new AdmissionStep(admission, metrics,
                new DerivedIdOrigin(settings.get(Setting.KAFKA_TOPIC_DLQ))));
        beans.put("eventBatchAggregation", new EventBatchAggregation(
                batcher.limits(),
                batcherWatermarks, memoryBudget, batcher.observation()));
        beans.put(BATCH_AGGREGATE_CONTROLLER, batchAggregator);
        beans.put("batchIsFull", new BatchIsFull());
        beans.put("batchAgeDeadline", new BatchAgeDeadline(batcher.maxAge()));
        beans.put("batchStopGate", new StopGate(stopDeadline, exchange -> {
            EventBatch batch = exchange.getMessage().getBody(EventBatch.class);
            memoryBudget.abandoned(batch);
            metrics.batchAbandoned();
            abandoned.batch(batch.recordCount());
        }));
        beans.put("batchSpooler", new BatchSpooler(new BatchObjectNaming(s3Settings.layout()), tableRouting, memoryBudget,
                batcher.spoolDirectory(), batcher.gzipLevel(), metrics));
        beans.put("notificationBuilder", new NotificationBuilder(s3Settings.bucket(), clock));
    }

    private void bindLoader(Clock clock, TableRouting tableRouting) {
        dataSource = warehouseDataSource(settings);
        objectFetcher = objectFetcher(settings, s3);
        dialect = warehouseDialect(settings, s3, objectFetcher);
        this.tableRouting = tableRouting;
        LoadSettings loadSettings = new LoadSettings(WarehouseSettings.of(settings).statementTimeout(),
                settings.getInt(Setting.LOAD_ISOLATE_AFTER));
        // routes.yaml's loader-load-transaction: the transacted policy binds one pooled connection per attempt, on
        // which the one load (WarehouseLoad, also preflight's canary) runs every statement
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        beans.put("loadTransaction", new TransactionTemplatePolicy(transactions));
        beans.put("warehouse", dataSource); // the readiness check's (routes.monitor.PipelineMonitoring)
        // the views per event key follow the committed field changes, after each COMMIT (docs/fields.md)
        if (settings.getBoolean(Setting.VIEWS_ENABLED)) {
            eventKeyViews = new EventKeyViews(dataSource, ViewStatements.forWarehouse(dialect.warehouse()), tableRouting,
                    settings.get(Setting.VIEWS_SCHEMA));
        }
        beans.put("loadStatements", new LoadStatements(dataSource,
                new WarehouseLoad(dialect, loadSettings.statementTimeout(), inFlightStatements),
                eventKeyViews == null ? fieldChanges : fieldChanges.and(eventKeyViews)));
        tablePauses = new TablePauses(clock);
        metrics.pausedTables(tablePauses::count);
        LoadFailures loadFailures = new LoadFailures(dialect, tablePauses, metrics);
        beans.put("loadFailures", loadFailures);
        beans.put("loadRetryLog", (Processor) loadFailures::logRetry);
        beans.put("loadPauseLog", (Processor) loadFailures::logPause);
        beans.put("notificationIntake", new NotificationIntake(
                new NotificationValidator(s3Settings.bucket(), s3Settings.layout(), tableRouting),
                metrics));
        // group commit: routes.yaml binds this controller to load-aggregator, loadTurns completes a table's group with it
        loadTurns = new LoadTurns(loadAggregator, Duration.ofMillis(settings.getLong(Setting.LOAD_MIN_INTERVAL_MS)),
                stopDeadline::stopping);
        beans.put(LOAD_AGGREGATE_CONTROLLER, loadAggregator);
        beans.put("loadCycleAggregation", new LoadCycleAggregation(
                new LoadCycle.LoadLimits(settings.getInt(Setting.LOAD_MAX_BATCHES), settings.getLong(Setting.LOAD_MAX_ROWS),
                        settings.getLong(Setting.LOAD_MAX_BYTES)),
                loaderWatermarks, loadTurns));
        beans.put("loadCycleIsDue", new LoadCycleIsDue(loadTurns));
        beans.put("loadStopGate", new StopGate(stopDeadline,
                exchange -> abandoned.loadCycle(exchange.getMessage().getBody(LoadCycle.class).notifications().size())));
        beans.put("loadStep", new LoadStep(loadSettings, metrics, loadHistory, tablePauses, clock));
    }

    public Map<String, Object> beans() {
        return beans;
    }

    public PipelineMetrics metrics() {
        return metrics;
    }

    public LoadHistory loadHistory() {
        return loadHistory;
    }

    /** Told of the field changes each load commits (the loader's FieldChangeListener). */
    public FieldChangeNotices fieldChanges() {
        return fieldChanges;
    }

    /** The newest field changes and the count of quiet paths, for the status page. */
    public RecentFieldChanges recentFieldChanges() {
        return recentFieldChanges;
    }

    /** The loader's paused tables; null without the loader role. */
    public TablePauses tablePauses() {
        return tablePauses;
    }

    public BatchMemoryBudget memoryBudget() {
        return memoryBudget;
    }

    public OffsetWatermarks batcherWatermarks() {
        return batcherWatermarks;
    }

    public OffsetWatermarks loaderWatermarks() {
        return loaderWatermarks;
    }

    public StopDeadline stopDeadline() {
        return stopDeadline;
    }

    public AbandonedWork abandonedWork() {
        return abandoned;
    }

    /** The loads' statements under way, which a stop cancels once its loads in flight have had their time. */
    public InFlightStatements inFlightStatements() {
        return inFlightStatements;
    }

    /**
     * Before the routes start: the loader's tables and
     * ledger exist (created if absent; a warehouse that is down here fails the start, loudly).
     */
    public void configure(CamelContext context) {
        CamelContextAware.trySetCamelContext(objectFetcher, context); // its fetch pool becomes one of the context's
        if (dataSource != null) {
            try (Connection connection = dataSource.getConnection()) {
                dialect.verifyDatabase(connection);
                WarehouseSchema.bootstrap(connection, dialect, tableRouting.tables());
                if (eventKeyViews != null) {
                    eventKeyViews.start(context); // a key whose view is missing or out of date gets it, off the start's path
                }
            } catch (SQLException e) {
                throw new IllegalStateException("warehouse schema bootstrap failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * After the routes start: Camel has handed each running role's aggregator to its controller (routes.yaml's
     * aggregateController), without which revocations, stops and the memory budget could not complete its groups.
     * RoutesFile refuses a routes file without them before this; this is the last guard.
     */
    public void verifyAggregators() {
        if (settings.getBoolean(Setting.ROLE_BATCHER) && !batchAggregator.started()) {
            throw new IllegalStateException("batch-aggregator did not start with aggregateController #" + BATCH_AGGREGATE_CONTROLLER);
        }
        if (settings.getBoolean(Setting.ROLE_LOADER) && !loadAggregator.started()) {
            throw new IllegalStateException("load-aggregator did not start with aggregateController #" + LOAD_AGGREGATE_CONTROLLER);
        }
    }

    /** The batcher's admission step as configured (the benchmark times this same object alone). */
    public static EventAdmission eventAdmission(PipelineSettings settings) {
        BatcherSettings batcher = BatcherSettings.of(settings);
        return new EventAdmission(
                batcher.admission(),
                routes.contract.EventFieldNames.defaults(),
                sanitizeRules(settings), warehouseValueLimits(settings), batcher.observation());
    }

    /** What the configured warehouse holds; the batcher needs only which warehouse it is, no connection or role. */
    static WarehouseValueLimits warehouseValueLimits(PipelineSettings settings) {
        WarehouseSettings warehouse = WarehouseSettings.of(settings);
        return warehouse.warehouse().pick(WarehouseValueLimits::unlimited,
                () -> WarehouseValueLimits.redshiftSuper(warehouse.redshiftMaxStringBytes()));
    }

    private static SanitizeRules sanitizeRules(PipelineSettings settings) {
        String key = settings.secret(Setting.SANITIZE_HMAC_KEY);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("pipeline.sanitize.hmac-key (or pipeline.sanitize.hmac-key-file) is required by the batcher");
        }
        byte[] hmacKey = key.getBytes(StandardCharsets.UTF_8);
        if (hmacKey.length < Setting.HMAC_KEY_MIN_BYTES) {
            // the setting's own rule; a key read from pipeline.sanitize.hmac-key-file is checked here
            throw new SettingsException(Setting.SANITIZE_HMAC_KEY + " (or " + Setting.SANITIZE_HMAC_KEY_FILE
                    + ") must be at least " + Setting.HMAC_KEY_MIN_BYTES + " bytes");
        }
        String rules = settings.get(Setting.SANITIZE_RULES);
        return rules.startsWith("classpath:")
                ? SanitizeRules.fromClasspath(rules.substring("classpath:".length()), hmacKey)
                : SanitizeRules.fromPath(Path.of(rules), hmacKey);
    }

    /**
     * The loader's dialect as configured (preflight runs its canary loads through this same object); its fetch threads
     * end when idle.
     */
    public static WarehouseDialect warehouseDialect(PipelineSettings settings, S3Client s3) {
        return warehouseDialect(settings, s3, objectFetcher(settings, s3));
    }

    private static ObjectFetcher objectFetcher(PipelineSettings settings, S3Client s3) {
        return new ObjectFetcher(new S3ObjectStore(s3), settings.getInt(Setting.LOAD_FETCH_THREADS),
                settings.getLong(Setting.LOAD_FETCH_AHEAD_BYTES));
    }

    private static WarehouseDialect warehouseDialect(PipelineSettings settings, S3Client s3, ObjectFetcher objects) {
        WarehouseSettings warehouse = WarehouseSettings.of(settings);
        S3Settings bucket = S3Settings.of(settings);
        return warehouse.warehouse().pick(() -> new PostgresDialect(objects),
                () -> new RedshiftDialect(new RedshiftCopyStatements(warehouse.iamRole(), bucket.region(), new CopyOptions(
                                settings.get(Setting.LOAD_COPY_ACCEPT_INVALID_CHARS), settings.getInt(Setting.LOAD_COPY_MAX_ERROR))),
                        new S3ManifestWriter(s3, bucket.sseKms(), bucket.kmsKeyId()),
                        objects, bucket.bucket()));
    }

    /** The loader's connection pool as configured (preflight connects with these same settings). */
    public static HikariDataSource warehouseDataSource(PipelineSettings settings) {
        WarehouseSettings warehouse = WarehouseSettings.of(settings);
        return new HikariDataSource(WarehouseDataSource.config(warehouse.warehouse(), warehouse.jdbcUrl(), warehouse.user(),
                warehouse.password(), warehouse.poolSize()));
    }

    @Override
    public void close() {
        if (loadTurns != null) {
            loadTurns.close();
        }
        if (objectFetcher != null) {
            objectFetcher.close();
        }
        if (eventKeyViews != null) {
            eventKeyViews.close();
        }
        if (dataSource != null) {
            dataSource.close();
        }
        s3.close();
    }
}
