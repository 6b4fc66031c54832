package routes.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import routes.PipelineRuntime;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.testing.EmbeddedServices;
import routes.testing.TestPipelines;
import routes.testing.EventFeed;
import routes.testing.TestPipelines.Namespace;
import routes.testing.Warehouse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The warehouse refusing the loader while events flow, through one running pipeline (both roles, in process): the
 * loader's INSERT on its table revoked for 20 s, then the loader's COPY statements cancelled with
 * {@code pg_cancel_backend}. Neither is the batches' fault: the table's loads pause (readiness and the status page
 * name the table and the reason, the pause is counted), nothing is dead-lettered, and once the cause is gone every
 * event is in the table exactly once (docs/redshift.md §4.3).
 */
@ExtendWith(EmbeddedServices.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadPauseIT {

    private static final int KEYS = 4;
    private static final Duration OUTAGE = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Namespace ns = Namespace.random();
    private final HttpClient http = HttpClient.newHttpClient();
    private PipelineRuntime pipeline;
    private String base;
    private final EventFeed feed = new EventFeed(ns, KEYS);

    @BeforeAll
    void startPipeline() throws Exception {
        ns.createTopics(3);
        PipelineSettings settings = TestPipelines.settings(ns)
                .set(Setting.BATCH_MAX_AGE_MS, "1000")
                .set(Setting.LOAD_WINDOW_MS, "1000")
                // a pause retries at least every 2 s: the load resumes soon after the cause is gone
                .set(Setting.LOAD_RETRY_MAX_MS, "2000")
                .build();
        base = "http://127.0.0.1:" + settings.get(Setting.HTTP_PORT);
        pipeline = PipelineRuntime.start(settings);
        feed.send(1_000);
        feed.drain();
    }

    @AfterAll
    void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    @Order(1)
    void aRevokedInsertPausesTheTableVisiblyAndEveryEventLoadsOnceAfterTheGrantReturns() throws Exception {
        Warehouse.execute("REVOKE INSERT ON " + ns.table() + " FROM " + EmbeddedServices.dbUser());
        boolean readinessNamedIt = false;
        boolean statusNamedIt = false;
        try {
            long end = System.nanoTime() + OUTAGE.toNanos();
            while (System.nanoTime() < end) {
                feed.send(200); // events keep flowing during the outage
                HttpResponse<String> ready = get("/observe/health/ready");
                readinessNamedIt |= ready.statusCode() == 503 && ready.body().contains(ns.table())
                        && ready.body().contains("privilege");
                JsonNode paused = JSON.readTree(get("/observe/status").body()).path("pausedTables");
                statusNamedIt |= paused.size() == 1 && paused.get(0).path("table").asText().equals(ns.table())
                        && paused.get(0).path("reason").asText().equals("privilege")
                        && paused.get(0).path("sqlState").asText().equals("42501")
                        && !paused.get(0).path("since").asText().isEmpty();
                await().pollDelay(Duration.ofSeconds(1)).until(() -> true); // pacing the producer
            }
            assertThat(Warehouse.count("select count(*) from event_pipeline.loads where target_table = '" + ns.table()
                    + "' and loaded_at > now() - interval '15 seconds'")).as("nothing loaded during the outage").isZero();
        } finally {
            Warehouse.execute("GRANT INSERT ON " + ns.table() + " TO " + EmbeddedServices.dbUser());
        }
        feed.drain();

        assertThat(readinessNamedIt).as("/observe/health/ready was DOWN naming the table and the reason").isTrue();
        assertThat(statusNamedIt).as("/observe/status listed the paused table, its reason and since when").isTrue();
        ExactlyOnce.verify(ns, feed.produced(), KEYS);
        assertThat(metric("reason=\"privilege\"")).as("the pause is counted").isGreaterThanOrEqualTo(1.0);
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/observe/health/ready").statusCode() == 200);
        assertThat(JSON.readTree(get("/observe/status").body()).path("pausedTables").size()).isZero();
    }

    @Test
    @Order(2)
    void copiesCancelledByAnOperatorPauseAndEveryEventLoadsOnce() throws Exception {
        AtomicBoolean cancelling = new AtomicBoolean(true);
        AtomicInteger cancelled = new AtomicInteger();
        Thread operator = new Thread(() -> cancelCopies(cancelling, cancelled), "operator-cancels-copies");
        operator.start();
        try {
            long end = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (cancelled.get() < 3 && System.nanoTime() < end) {
                feed.send(5_000); // large batches: a COPY that lasts long enough to be cancelled
                await().pollDelay(Duration.ofSeconds(3)).until(() -> true); // pacing the producer
            }
        } finally {
            cancelling.set(false);
            operator.join();
        }
        feed.drain();

        assertThat(cancelled.get()).as("COPY statements cancelled").isPositive();
        ExactlyOnce.verify(ns, feed.produced(), KEYS);
        assertThat(metric("reason=\"cancelled\"")).as("the pause is counted").isGreaterThanOrEqualTo(1.0);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** pg_cancel_backend on every COPY of the loader's sessions, as an operator would, until told to stop. */
    private static void cancelCopies(AtomicBoolean cancelling, AtomicInteger cancelled) {
        String copies = "SELECT count(*) FILTER (WHERE pg_cancel_backend(pid)) FROM pg_stat_activity"
                + " WHERE usename = '" + EmbeddedServices.dbUser() + "' AND pid <> pg_backend_pid()"
                + " AND state = 'active' AND query LIKE 'COPY%'";
        try (Connection c = EmbeddedServices.dataSource().getConnection(); Statement st = c.createStatement()) {
            while (cancelling.get()) {
                try (ResultSet rs = st.executeQuery(copies)) {
                    rs.next();
                    cancelled.addAndGet(rs.getInt(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sum of pipeline_load_pauses_total samples whose labels contain {@code label}. */
    private double metric(String label) throws Exception {
        return get("/observe/metrics").body().lines()
                .filter(l -> l.startsWith("pipeline_load_pauses_total{") && l.contains(label) && l.contains(ns.id()))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
