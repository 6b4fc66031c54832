package routes.load;

import routes.config.Setting;
import routes.contract.ObjectKeyLayout;
import routes.contract.BatchNotification;
import routes.contract.TableRouting;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.processor.aggregate.DefaultAggregateController;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import routes.PipelineRuntime;
import routes.config.PipelineSettings;
import routes.monitor.LoadHistory;
import routes.monitor.PipelineMetrics;
import routes.monitor.TablePauses;
import routes.offsets.OffsetWatermarks;
import routes.shutdown.StopDeadline;
import routes.shutdown.StopGate;
import routes.deadletter.DeadLetterSize;
import routes.deadletter.DeadLetterSpill;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The loader's load routes exactly as packaged in routes.yaml (loader-load, loader-load-part with its load-retries,
 * loader-load-transaction, dead-letter), bound to the real load beans over a test's DataSource and dialect; topic B
 * and the dead-letter topic are replaced by {@code direct:topic-b} and {@code mock:dlq}. {@link #load} runs one
 * cycle the way the load aggregator hands it over and returns its report.
 */
final class LoaderRouteHarness implements AutoCloseable {

    private final CamelContext context;
    private final OffsetWatermarks watermarks = new OffsetWatermarks("harness-loader");
    /** Exchanges sent to any camel-jdbc endpoint. */
    private final java.util.concurrent.atomic.AtomicInteger jdbcSends = new java.util.concurrent.atomic.AtomicInteger();
    private long offset;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final TablePauses pauses = new TablePauses(Clock.systemUTC());
    /** What the loader reported to its FieldChangeListener (after each COMMIT). */
    final List<routes.fields.FieldChange> fieldChanges = new java.util.concurrent.CopyOnWriteArrayList<>();

    LoaderRouteHarness(DataSource dataSource, WarehouseDialect dialect, LoadSettings settings, Map<String, String> properties)
            throws Exception {
        context = new DefaultCamelContext();
        PipelineSettings.Builder builder = PipelineSettings.builder()
                .set(Setting.ROLE_BATCHER, "false")
                .set(Setting.WAREHOUSE_DIALECT, dialect.warehouse().settingValue())
                .set(Setting.LOAD_RETRY_INITIAL_MS, "0")
                .set(Setting.LOAD_RETRY_MAX_MS, "0");
        properties.forEach(builder::set);
        context.getPropertiesComponent().setInitialProperties(builder.build().asProperties());
        context.getExecutorServiceManager().registerThreadPoolProfile(
                new ThreadPoolProfileBuilder(PipelineRuntime.LOAD_POOL).poolSize(1).maxPoolSize(1).maxQueueSize(100).build());
        bind(context.getRegistry(), dataSource, dialect, settings);
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "classpath:routes.yaml"));
        AdviceWith.adviceWith(context, "loader-consume", route -> route.replaceFromWith("direct:topic-b"));
        AdviceWith.adviceWith(context, "dead-letter", route -> route.weaveByToUri("kafka:*").replace().to("mock:dlq"));
        context.getManagementStrategy().addEventNotifier(new org.apache.camel.support.EventNotifierSupport() {
            @Override
            public void notify(org.apache.camel.spi.CamelEvent event) {
                if (event instanceof org.apache.camel.spi.CamelEvent.ExchangeSentEvent sent
                        && sent.getEndpoint().getEndpointUri().startsWith("jdbc:")) {
                    jdbcSends.incrementAndGet();
                }
            }
        });
        context.start();
    }

    private void bind(Registry registry, DataSource dataSource, WarehouseDialect dialect, LoadSettings settings) {
        PipelineMetrics metrics = new PipelineMetrics(meters);
        registry.bind("notificationIntake", new NotificationIntake(
                new NotificationValidator("event-logs", new ObjectKeyLayout("events/"), TableRouting.parse("*=public.events")), metrics));
        DefaultAggregateController loadAggregator = new DefaultAggregateController();
        LoadTurns turns = new LoadTurns(loadAggregator, Duration.ZERO, () -> false);
        registry.bind("loadAggregateController", loadAggregator);
        registry.bind("loadCycleAggregation", new LoadCycleAggregation(new LoadCycle.LoadLimits(64, 1L << 30), watermarks, turns));
        registry.bind("loadCycleIsDue", new LoadCycleIsDue(turns));
        registry.bind("loadStopGate", new StopGate(new StopDeadline(Duration.ofSeconds(20)), exchange -> { }));
        // the dead-letter route's size guard: dead letters here are notifications, far below the producer's limit,
        // so it never writes to S3 (no client needed)
        DeadLetterSpill deadLetterSpill = new DeadLetterSpill(new DeadLetterSize(10 * 1024 * 1024), null, null);
        registry.bind("deadLetterSpill", deadLetterSpill);
        registry.bind("deadLetterSpillAfterRefusal", deadLetterSpill.afterRefusal());
        registry.bind("loadStep", new LoadStep(settings, metrics, new LoadHistory(), pauses, Clock.systemUTC()));
        registry.bind("loadTransaction", new TransactionTemplatePolicy(new DataSourceTransactionManager(dataSource)));
                registry.bind("loadStatements", new LoadStatements(dataSource, new WarehouseLoad(dialect, settings.statementTimeout()),
                fieldChanges::addAll));
        LoadFailures failures = new LoadFailures(dialect, pauses, metrics);
        registry.bind("loadFailures", failures);
        registry.bind("loadRetryLog", (Processor) failures::logRetry);
        registry.bind("loadPauseLog", (Processor) failures::logPause);
    }

    /** One cycle of {@code batches} for {@code table} through loader-load; its report. */
    LoadReport load(String table, List<BatchNotification> batches) {
        LoadCycle cycle = new LoadCycle(table, new LoadCycle.LoadLimits(Integer.MAX_VALUE, Long.MAX_VALUE), watermarks);
        for (BatchNotification b : batches) {
            cycle.add(new LoadCycle.Entry(b, b.batchId().getBytes(), "event-batches", 0, offset++));
        }
        Exchange done = context.createProducerTemplate().send("direct:load-cycle", e -> e.getMessage().setBody(cycle));
        if (done.getException() != null) {
            throw new IllegalStateException("the load cycle failed", done.getException());
        }
        return done.getProperty(LoadStep.REPORT, LoadReport.class);
    }

    /** The dead letters sent so far. */
    List<Exchange> deadLetters() {
        return context.getEndpoint("mock:dlq", MockEndpoint.class).getExchanges();
    }

    /** The tables whose loads are paused now (what readiness and the status page show). */
    TablePauses pauses() {
        return pauses;
    }

    SimpleMeterRegistry meters() {
        return meters;
    }

    /** How many exchanges were sent to a camel-jdbc endpoint (none since the load is one unit of work). */
    int jdbcSends() {
        return jdbcSends.get();
    }

    CamelContext context() {
        return context;
    }

    @Override
    public void close() {
        context.stop();
    }
}
