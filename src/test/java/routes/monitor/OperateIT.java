package routes.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import routes.PipelineRuntime;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.testing.EmbeddedServices;
import routes.testing.TestEvents;
import routes.testing.TestPipelines;
import routes.testing.TestPipelines.Namespace;
import routes.testing.Warehouse;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/** The operator's view of a real pipeline: /observe/metrics, /observe/health/*, /observe/jolokia. */
@ExtendWith(EmbeddedServices.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperateIT {

    private static final int EVENTS = 4_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Namespace ns;
    private static PipelineSettings settings;
    private static PipelineRuntime runtime;

    @BeforeAll
    static void startPipeline() throws Exception {
        ns = Namespace.random();
        ns.createTopics(3);
        settings = TestPipelines.settings(ns).set(Setting.MONITOR_LAG_INTERVAL_S, "1").build();
        runtime = PipelineRuntime.start(settings);
    }

    @AfterAll
    static void stopPipeline() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    @Order(1)
    void metricsAfterARunCountExactlyTheEventsBatchesAndRowsProduced() throws Exception {
        EmbeddedServices.produce(ns.events(), TestEvents.events(EVENTS, 4));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> Warehouse.rows(ns.table()) >= EVENTS);
        await().atMost(Duration.ofSeconds(30)).until(() -> TestPipelines.caughtUp(ns.loaderGroup(), ns.batches())
                && TestPipelines.caughtUp(ns.batcherGroup(), ns.events()));
        int objects = EmbeddedServices.listObjects(ns.prefix()).size();

        String table = "table=\"" + ns.table() + "\"";
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            String scrape = get("/observe/metrics").body();
            assertThat(Metrics.value(scrape, "pipeline_events_consumed_total", "")).isEqualTo(EVENTS);
            assertThat(Metrics.value(scrape, "pipeline_batches_written_total", "")).isEqualTo(objects);
            assertThat(Metrics.value(scrape, "pipeline_notifications_published_total", "")).isEqualTo(objects);
            assertThat(Metrics.value(scrape, "pipeline_s3_put_seconds_count", "outcome=\"success\"")).isEqualTo(objects);
            assertThat(Metrics.value(scrape, "pipeline_batch_records_total", "")).isEqualTo(EVENTS);
            assertThat(Metrics.value(scrape, "pipeline_rows_inserted_total", table)).isEqualTo(EVENTS);
            assertThat(Metrics.value(scrape, "pipeline_duplicates_skipped_total", table)).isZero();
            assertThat(Metrics.value(scrape, "pipeline_end_to_end_latency_seconds_count", table)).isEqualTo(objects);
            // both groups caught up: every partition's lag gauge reads 0
            assertThat(Metrics.series(scrape, "pipeline_consumer_lag", "group=\"" + ns.batcherGroup() + "\"")).hasSize(3);
            assertThat(Metrics.value(scrape, "pipeline_consumer_lag", "group=\"" + ns.batcherGroup() + "\"")).isZero();
            assertThat(Metrics.value(scrape, "pipeline_consumer_lag", "group=\"" + ns.loaderGroup() + "\"")).isZero();
        });
        String scrape = get("/observe/metrics").body();
        assertThat(Metrics.series(scrape, "camel_exchanges_total", "routeId=\"batcher-consume\"")).isNotEmpty();
        assertThat(Metrics.series(scrape, "camel_exchanges_inflight", "routeId=\"batcher-consume\"")).isNotEmpty();
        assertThat(Metrics.series(scrape, "camel_route_policy_seconds_count", "routeId=\"batcher-consume\"")).isNotEmpty();
        assertThat(Metrics.series(scrape, "jvm_memory_used_bytes", "")).isNotEmpty();
    }

    @Test
    @Order(2)
    void jolokiaReadsCamelAndPipelineMBeansButRefusesDiagnosticCommandAndWrites() throws Exception {
        String context = settings.get("camel.main.name");
        String read = post("/observe/jolokia", "{\"type\":\"read\",\"mbean\":\"org.apache.camel:context=" + context
                + ",type=routes,name=\\\"batcher-consume\\\"\",\"attribute\":\"ExchangesCompleted\"}").body();
        assertThat(read).contains("\"status\":200").containsPattern("\"value\":[1-9][0-9]*");

        String offsets = post("/observe/jolokia", "{\"type\":\"read\",\"mbean\":\"event-pipeline:context=" + context
                + ",type=Offsets,group=" + ns.batcherGroup() + "\"}").body();
        assertThat(offsets).contains("\"status\":200").contains("\"committedOffset\"").contains("\"durableOffset\"");

        String stats = post("/observe/jolokia", "{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=" + context
                + ",type=routes,name=\\\"batcher-consume\\\"\",\"operation\":\"dumpRouteStatsAsXml(boolean,boolean)\",\"arguments\":[false,false]}").body();
        assertThat(stats).contains("\"status\":200").contains("routeStat");

        String diagnostic = post("/observe/jolokia", "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\","
                + "\"operation\":\"vmVersion()\",\"arguments\":[]}").body();
        assertThat(diagnostic).contains("\"status\":403").contains("forbidden");

        String heapDump = post("/observe/jolokia", "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\","
                + "\"operation\":\"dumpHeap\",\"arguments\":[\"/tmp/x.hprof\",true]}").body();
        assertThat(heapDump).contains("\"status\":403");

        String write = post("/observe/jolokia", "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\","
                + "\"attribute\":\"Verbose\",\"value\":true}").body();
        assertThat(write).contains("\"status\":403").contains("forbidden");

        String sendIntoRoute = post("/observe/jolokia", "{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=" + context
                + ",type=context,name=\\\"" + context + "\\\"\",\"operation\":\"sendStringBody\",\"arguments\":[\"direct:dead-letter\",\"x\"]}").body();
        assertThat(sendIntoRoute).contains("\"status\":403");
    }

    @Test
    @Order(2)
    void perStepStatisticsAreOffOnlyOnTheRouteWithAnExchangePerEventWhileItsRouteAndAggregatorCountsStay() throws Exception {
        String context = settings.get("camel.main.name");
        JsonNode steps = new ObjectMapper().readTree(post("/observe/jolokia", "{\"type\":\"read\",\"mbean\":\"org.apache.camel:context="
                + context + ",type=processors,*\",\"attribute\":[\"RouteId\",\"ProcessorId\",\"StatisticsEnabled\",\"ExchangesCompleted\"]}").body())
                .path("value");
        Map<String, List<JsonNode>> byRoute = new HashMap<>();
        steps.forEach(step -> byRoute.computeIfAbsent(step.path("RouteId").asText(), r -> new ArrayList<>()).add(step));

        assertThat(byRoute.get("batcher-consume")).isNotEmpty()
                .allSatisfy(step -> assertThat(step.path("StatisticsEnabled").asBoolean()).as(step.toString()).isFalse());
        assertThat(byRoute.get("batcher-write")).isNotEmpty()
                .allSatisfy(step -> assertThat(step.path("StatisticsEnabled").asBoolean()).as(step.toString()).isTrue())
                .anySatisfy(step -> assertThat(step.path("ExchangesCompleted").asLong()).isPositive());
        // the routes tab, our camel_exchanges_* meters and the aggregator's own attributes still count
        String route = post("/observe/jolokia", "{\"type\":\"read\",\"mbean\":\"org.apache.camel:context=" + context
                + ",type=routes,name=\\\"batcher-consume\\\"\",\"attribute\":\"ExchangesCompleted\"}").body();
        assertThat(new ObjectMapper().readTree(route).path("value").asLong()).isEqualTo(EVENTS);
        JsonNode aggregator = new ObjectMapper().readTree(post("/observe/jolokia", "{\"type\":\"read\",\"mbean\":\"org.apache.camel:context="
                + context + ",type=processors,name=\\\"batch-aggregator\\\"\"}").body()).path("value");
        assertThat(aggregator.path("CompletedByTimeout").asLong() + aggregator.path("CompletedByPredicate").asLong()
                + aggregator.path("CompletedByForce").asLong()).isEqualTo(EmbeddedServices.listObjects(ns.prefix()).size());
    }

    @Test
    @Order(2)
    void jolokiaRefusesARequestFromAForeignOriginWhileItsOwnOriginAndNoOriginPass() throws Exception {
        String version = "{\"type\":\"version\"}";
        HttpResponse<String> foreign = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/observe/jolokia"))
                .timeout(Duration.ofSeconds(15)).header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(version)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).doesNotContain("\"agent\"");
        HttpResponse<String> own = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/observe/jolokia"))
                .timeout(Duration.ofSeconds(15)).header("Origin", base())
                .POST(HttpRequest.BodyPublishers.ofString(version)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(own.body()).contains("\"status\":200").contains("\"agent\"");
        assertThat(post("/observe/jolokia", version).body()).contains("\"status\":200");
    }

    @Test
    @Order(3)
    void httpServerIsNotReachableFromANonLoopbackAddress() throws Exception {
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(nic -> isUp(nic))
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
        assumeThat(external).as("this machine has a non-loopback IPv4 address").isPresent();
        int port = settings.getInt(Setting.HTTP_PORT);
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(external.get(), port), 2000);
            }
        }).isInstanceOf(ConnectException.class);
        assertThat(get("/observe/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void readinessGoesDownWhileTheWarehouseIsStoppedAndUpWhenItReturns() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/observe/health/ready").statusCode() == 200);
        try {
            EmbeddedServices.stopPostgres();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                HttpResponse<String> ready = get("/observe/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("DOWN");
            });
            assertThat(get("/observe/health?exposureLevel=full").body())
                    .containsPattern("\"name\":\"warehouse\",\"status\":\"DOWN\"");
            assertThat(get("/observe/health/live").statusCode()).as("liveness does not depend on the warehouse").isEqualTo(200);
        } finally {
            EmbeddedServices.startPostgres();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> get("/observe/health/ready").statusCode() == 200);
        assertThat(get("/observe/health?exposureLevel=full").body()).contains("\"name\":\"warehouse\",\"status\":\"UP\"")
                .contains("\"name\":\"s3\",\"status\":\"UP\"");
    }

    @Test
    @Order(5)
    void withBasicAuthJolokiaAsksForCredentialsWhileHealthStaysOpen() throws Exception {
        Namespace other = Namespace.random();
        other.createTopics(1);
        String password = "op-" + java.util.UUID.randomUUID();
        PipelineSettings secured = TestPipelines.settings(other).set(Setting.ROLE_LOADER, "false")
                .set(Setting.HTTP_AUTH_USER, "operator").set(Setting.HTTP_AUTH_PASSWORD, password).build();
        String base = "http://127.0.0.1:" + secured.get(Setting.HTTP_PORT);
        String version = "{\"type\":\"version\"}";
        try (PipelineRuntime ignored = PipelineRuntime.start(secured)) {
            assertThat(send(base, "/observe/jolokia", version, null).statusCode()).isEqualTo(401);
            assertThat(send(base, "/observe/jolokia", version, "operator:wrong-password").statusCode()).isEqualTo(401);
            HttpResponse<String> ok = send(base, "/observe/jolokia", version, "operator:" + password);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("\"status\":200");
            assertThat(send(base, "/observe/health/live", null, null).statusCode()).isEqualTo(200);
        }
    }

    private static boolean isUp(NetworkInterface nic) {
        try {
            return nic.isUp() && !nic.isLoopback();
        } catch (IOException e) {
            return false;
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return send(base(), path, null, null);
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return send(base(), path, body, null);
    }

    private static String base() {
        return "http://127.0.0.1:" + settings.get(Setting.HTTP_PORT);
    }

    private static HttpResponse<String> send(String base, String path, String body, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15));
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        request = body == null ? request.GET() : request.POST(HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
