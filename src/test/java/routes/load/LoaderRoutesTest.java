package routes.load;

import routes.config.Setting;
import routes.contract.ObjectKeyLayout;
import routes.contract.BatchNotification;
import routes.contract.DlqHeaders;
import routes.contract.TableRouting;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.RuntimeCamelException;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.processor.aggregate.DefaultAggregateController;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The loader's routes as packaged in routes.yaml (loader-consume, loader-load, dead-letter and the error handling
 * they opt into), with the real beans over a scripted Redshift session; only the Kafka endpoints are replaced:
 * topic B by {@code direct:topic-b}, the dead-letter topic by {@code mock:dlq}.
 */
class LoaderRoutesTest extends CamelTestSupport {

    private static final String BUCKET = "event-logs";
    private static final String PREFIX = "events/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScriptedRedshift redshift = new ScriptedRedshift();
    private final InMemoryObjectStore objects = new InMemoryObjectStore();
    private final AtomicInteger offsets = new AtomicInteger();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final TablePauses pauses = new TablePauses(Clock.systemUTC());

    LoaderRoutesTest() {
        testConfiguration().withUseAdviceWith(true);
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        PipelineSettings settings = PipelineSettings.builder()
                .set(Setting.ROLE_BATCHER, "false")
                .set(Setting.S3_BUCKET, BUCKET)
                .set(Setting.S3_PREFIX, PREFIX)
                // a window no test waits for: loads start because their table is idle or its previous load ended
                .set(Setting.LOAD_WINDOW_MS, "600000")
                .set(Setting.WAREHOUSE_DIALECT, "redshift")
                .set(Setting.LOAD_RETRY_INITIAL_MS, "0")
                .set(Setting.LOAD_RETRY_MAX_MS, "0")
                .build();
        context.getPropertiesComponent().setInitialProperties(settings.asProperties());
        context.getExecutorServiceManager().registerThreadPoolProfile(
                new ThreadPoolProfileBuilder(PipelineRuntime.LOAD_POOL).poolSize(1).maxPoolSize(1).maxQueueSize(100).build());
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "classpath:routes.yaml"));
        return context;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        PipelineMetrics metrics = new PipelineMetrics(meters);
        OffsetWatermarks watermarks = new OffsetWatermarks("test-loader");
        RedshiftDialect dialect = new RedshiftDialect(new RedshiftCopyStatements("arn:aws:iam::123456789012:role/copy", "us-east-1"),
                redshift.manifestWriter, objects, BUCKET);
        LoadFailures failures = new LoadFailures(dialect, pauses, metrics);
        registry.bind("loadTransaction", new TransactionTemplatePolicy(new DataSourceTransactionManager(redshift.dataSource())));
        registry.bind("loadStatements", new LoadStatements(redshift.dataSource(), new WarehouseLoad(dialect, Duration.ofMinutes(15))));
        registry.bind("loadFailures", failures);
        registry.bind("loadRetryLog", (Processor) failures::logRetry);
        registry.bind("loadPauseLog", (Processor) failures::logPause);
        registry.bind("notificationIntake", new NotificationIntake(
                new NotificationValidator(BUCKET, new ObjectKeyLayout(PREFIX), TableRouting.parse("*=public.events")), metrics));
        DefaultAggregateController loadAggregator = new DefaultAggregateController();
        LoadTurns turns = new LoadTurns(loadAggregator, Duration.ZERO, () -> false);
        registry.bind("loadAggregateController", loadAggregator);
        registry.bind("loadCycleAggregation", new LoadCycleAggregation(new LoadCycle.LoadLimits(64, 1L << 30), watermarks, turns));
        registry.bind("loadCycleIsDue", new LoadCycleIsDue(turns));
        registry.bind("loadStep", new LoadStep(LoadSettings.defaults(), metrics, new LoadHistory(), pauses, Clock.systemUTC()));
        // the stop gate of the bounded shutdown: never passed here, so every cycle goes on to the load
        registry.bind("loadStopGate", new StopGate(new StopDeadline(Duration.ofSeconds(20)), exchange -> { }));
        // the dead-letter route's size guard: dead letters here are notifications, far below the producer's limit,
        // so it never writes to S3 (no client needed)
        DeadLetterSpill deadLetterSpill = new DeadLetterSpill(new DeadLetterSize(10 * 1024 * 1024), null, null);
        registry.bind("deadLetterSpill", deadLetterSpill);
        registry.bind("deadLetterSpillAfterRefusal", deadLetterSpill.afterRefusal());
    }

    @BeforeEach
    void replaceKafka() throws Exception {
        AdviceWith.adviceWith(context, "loader-consume", route -> route.replaceFromWith("direct:topic-b"));
        AdviceWith.adviceWith(context, "dead-letter", route -> route.weaveByToUri("kafka:*").replace().to("mock:dlq"));
        context.start();
    }

    @Test
    void aForgedNotificationIsDeadLetteredWithItsReasonAndNothingIsLoaded() throws Exception {
        MockEndpoint dlq = getMockEndpoint("mock:dlq");
        dlq.expectedMessageCount(1);
        dlq.expectedHeaderReceived(DlqHeaders.STAGE, "loader");
        BatchNotification forged = notification("forged", "another-bucket");
        NotifyBuilder consumed = new NotifyBuilder(context).fromRoute("loader-consume").whenDone(1).create();

        publish(forged);

        assertThat(consumed.matches(5, TimeUnit.SECONDS)).isTrue();
        dlq.assertIsSatisfied(5_000);
        assertThat(dlq.getExchanges().get(0).getMessage().getHeader(DlqHeaders.REASON, String.class))
                .startsWith("invalid_notification: ");
        assertThat(dlq.getExchanges().get(0).getMessage().getBody(byte[].class)).isEqualTo(JSON.writeValueAsBytes(forged));
        assertThat(dlq.getExchanges().get(0).getMessage().getHeaders().keySet())
                .as("routing headers stay inside the pipeline").noneMatch(h -> h.startsWith("pipeline"));
        assertThat(redshift.statements).isEmpty();
    }

    @Test
    void aBatchWhoseCopyFailsIsDeadLetteredAndTheRestOfItsCycleCommits() throws Exception {
        BatchNotification bad = stored("bad");
        redshift.copy = urls -> {
            if (urls.contains("s3://" + BUCKET + "/" + bad.key())) {
                throw ScriptedRedshift.serverError("Load into table failed.\n DETAIL: error: mandatory url=s3://"
                        + BUCKET + "/" + bad.key() + " is not present\n code: 8001");
            }
        };
        MockEndpoint dlq = getMockEndpoint("mock:dlq");
        dlq.expectedMessageCount(1);

        publish(stored("ok1"));
        publish(bad);
        publish(stored("ok2"));

        await().atMost(Duration.ofSeconds(10)).until(() -> redshift.ledger.size() == 2);
        dlq.assertIsSatisfied(5_000);
        assertThat(dlq.getExchanges().get(0).getMessage().getHeader(DlqHeaders.REASON, String.class))
                .startsWith("load_failed: COPY failed on this object");
        assertThat(redshift.ledger).containsExactlyInAnyOrder("ok1", "ok2");
    }

    @Test
    void whatArrivesDuringALoadOfItsTableBecomesTheNextLoadAtOnce() throws Exception {
        List<List<String>> copies = new CopyOnWriteArrayList<>();
        CountDownLatch firstLoadCopying = new CountDownLatch(1);
        CountDownLatch releaseFirstLoad = new CountDownLatch(1);
        redshift.copy = urls -> {
            copies.add(urls);
            firstLoadCopying.countDown();
            if (copies.size() == 1) {
                await().atMost(Duration.ofSeconds(10)).until(() -> releaseFirstLoad.getCount() == 0);
            }
        };

        publish(stored("first"));
        assertThat(firstLoadCopying.await(5, TimeUnit.SECONDS)).as("an idle table loads at once").isTrue();
        publish(stored("second"));
        publish(stored("third"));
        releaseFirstLoad.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> redshift.ledger.size() == 3);
        assertThat(copies).hasSize(2);
        assertThat(copies.get(0)).singleElement().asString().endsWith("first.ndjson.gz");
        assertThat(copies.get(1)).as("one load for both").hasSize(2);
    }

    @Test
    void aDeadLetterThatCannotBeWrittenIsRedeliveredNotDropped() throws Exception {
        MockEndpoint dlq = getMockEndpoint("mock:dlq");
        dlq.expectedMessageCount(2);
        dlq.whenExchangeReceived(1, exchange -> {
            throw new RuntimeCamelException("dead-letter topic unavailable");
        });

        publish(notification("forged", "another-bucket"));

        dlq.assertIsSatisfied(10_000);
        assertThat(dlq.getExchanges().get(1).getMessage().getHeader("CamelRedeliveryCounter", Integer.class)).isEqualTo(1);
        assertThat(redshift.statements).isEmpty();
    }

    // ---- fixtures ---------------------------------------------------------------------------------

    private void publish(BatchNotification notification) throws Exception {
        template.sendBodyAndHeaders("direct:topic-b", JSON.writeValueAsBytes(notification), Map.of(
                KafkaConstants.TOPIC, "event-batches", KafkaConstants.PARTITION, 0,
                KafkaConstants.OFFSET, (long) offsets.getAndIncrement()));
    }

    private BatchNotification stored(String id) {
        BatchNotification n = notification(id, BUCKET);
        objects.put(BUCKET, n.key(), new byte[(int) n.bytes()]);
        return n;
    }

    private static BatchNotification notification(String id, String bucket) {
        return new BatchNotification(id, "payroll.run", "public.events", bucket,
                PREFIX + "event_key=payroll.run/dt=2026-12-01/hour=00/" + id + ".ndjson.gz", 1, 10, "0".repeat(64),
                "2026-12-01T00:00:00Z", "2026-12-01T00:00:00Z", List.of(), "2026-12-01T00:00:00Z");
    }
}
