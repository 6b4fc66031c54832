package routes.chaos;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import routes.chaos.PipelineFleet.Instance;
import routes.chaos.PipelineFleet.Role;
import routes.config.Setting;
import routes.testing.EmbeddedServices;
import routes.testing.TestPipelines;
import routes.testing.TestPipelines.Namespace;
import routes.testing.Warehouse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One dependency down at a time under one running pipeline (the packaged jar, both roles, in a child JVM):
 * the S3 server unreachable for 30 s, PostgreSQL stopped for 30 s, the Kafka broker stopped and started again.
 * Events keep arriving during each outage. While it lasts the child retries with backoff: it uses well under
 * one core and does not log a stack trace per message; readiness reports the dependency DOWN. Afterwards
 * everything sent so far is in the table exactly once. The tests run in order and share the pipeline; each
 * adds {@link #EVENTS_PER_OUTAGE} events.
 */
@Tag("chaos")
@ExtendWith(EmbeddedServices.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutageIT {

    private static final int KEYS = 6;
    private static final int EVENTS_PER_OUTAGE = 10_000;
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    /** Average share of one core the child may use while a dependency is down. */
    private static final double MAX_CORES_DURING_OUTAGE = 0.5;
    private static final int MAX_STACK_FRAMES_DURING_OUTAGE = 50;

    private final Namespace ns = Namespace.random();
    private final HttpClient http = HttpClient.newHttpClient();
    private PipelineFleet fleet;
    private Instance pipeline;
    private int produced;

    @BeforeAll
    void startPipeline() throws Exception {
        ns.createTopics(6);
        fleet = new PipelineFleet(ns, Map.of(Setting.BATCH_MAX_AGE_MS, "1000", Setting.LOAD_WINDOW_MS, "1000",
                Setting.MONITOR_CHECK_TIMEOUT_MS, "1000"));
        pipeline = fleet.start(Role.both);
        sendAndDrain(2_000); // warm: routes up, table created
    }

    @AfterAll
    void stopPipeline() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    @Order(1)
    void s3UnreachableForThirtySecondsIsRetriedQuietlyThenCaughtUp() throws Exception {
        Outage outage = during(() -> EmbeddedServices.stopS3(), () -> EmbeddedServices.startS3(), true);
        outage.assertQuiet("S3 server down");
        assertThat(outage.readinessDown()).as("readiness reported S3 down").isTrue();
        ExactlyOnce.verify(ns, produced, KEYS);
    }

    @Test
    @Order(2)
    void postgresStoppedForThirtySecondsIsRetriedQuietlyThenCaughtUp() throws Exception {
        Outage outage = during(() -> EmbeddedServices.stopPostgres(), () -> EmbeddedServices.startPostgres(), true);
        outage.assertQuiet("PostgreSQL down");
        assertThat(outage.readinessDown()).as("readiness reported the warehouse down").isTrue();
        ExactlyOnce.verify(ns, produced, KEYS);
    }

    @Test
    @Order(3)
    void kafkaBrokerRestartedIsRetriedQuietlyThenCaughtUp() throws Exception {
        // The events of this round are on the topic before the broker goes: nothing can be produced while it is down.
        Outage outage = during(() -> EmbeddedServices.stopKafka(), () -> EmbeddedServices.startKafka(), false);
        outage.assertQuiet("Kafka broker down");
        ExactlyOnce.verify(ns, produced, KEYS);
    }

    private interface Action {
        void run() throws Exception;
    }

    /** What the child did while the dependency was down. */
    private record Outage(long wallMillis, long cpuMillis, long stackFrames, boolean readinessDown) {
        void assertQuiet(String what) {
            System.out.printf("OUTAGE %s: wall_ms=%d cpu_ms=%d (%.0f%% of one core) stack_frames_logged=%d readiness_down=%s%n",
                    what, wallMillis, cpuMillis, 100.0 * cpuMillis / wallMillis, stackFrames, readinessDown);
            assertThat((double) cpuMillis / wallMillis).as(what + ": cores used").isLessThan(MAX_CORES_DURING_OUTAGE);
            assertThat(stackFrames).as(what + ": stack frames logged").isLessThan(MAX_STACK_FRAMES_DURING_OUTAGE);
        }
    }

    private Outage during(Action stop, Action start, boolean produceDuringOutage) throws Exception {
        if (!produceDuringOutage) {
            send(EVENTS_PER_OUTAGE);
        }
        int mark = pipeline.process().output().length();
        long cpuBefore = pipeline.cpuMillis();
        long begin = System.nanoTime();
        stop.run();
        boolean readinessDown = false;
        try {
            if (produceDuringOutage) {
                send(EVENTS_PER_OUTAGE);
            }
            long end = begin + OUTAGE.toNanos();
            while (System.nanoTime() < end) {
                readinessDown |= readiness() != 200;
                Thread.sleep(1_000); // sampling the outage as it passes
            }
        } finally {
            long wall = (System.nanoTime() - begin) / 1_000_000;
            long cpu = pipeline.cpuMillis() - cpuBefore;
            long frames = pipeline.process().outputSince(mark).lines().filter(l -> l.startsWith("\tat ")).count();
            start.run();
            Outage outage = new Outage(wall, cpu, frames, readinessDown);
            drain();
            return outage;
        }
    }

    private void sendAndDrain(int count) throws Exception {
        send(count);
        drain();
    }

    private void send(int count) {
        java.util.List<byte[]> events = new java.util.ArrayList<>();
        for (int i = produced; i < produced + count; i++) {
            events.add(routes.testing.TestEvents.event(i, KEYS));
        }
        EmbeddedServices.produce(ns.events(), events);
        produced += count;
    }

    private void drain() {
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> TestPipelines.drained(ns, produced));
    }

    private int readiness() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pipeline.httpPort() + "/observe/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
