package routes.alerts;

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

import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The alerting rules evaluated by a real Prometheus (the {@code prometheus} binary) scraping a running pipeline's
 * /observe/metrics: silent while it loads, EventPipelineTableLoadsPaused firing once the loader's INSERT is revoked,
 * and the runbook's first command ({@code /observe/health/ready}) naming the table and the cause. The rules are the
 * shipped file with every {@code for:} cut to 3 s, scraped and evaluated every second.
 */
@ExtendWith(EmbeddedServices.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertsFireIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Namespace ns = Namespace.random();
    private final HttpClient http = HttpClient.newHttpClient();
    private PipelineRuntime pipeline;
    private Process prometheus;
    private String pipelineBase;
    private String prometheusBase;
    private final EventFeed feed = new EventFeed(ns, 4);

    @BeforeAll
    void startPipelineAndPrometheus() throws Exception {
        Path binary = PrometheusBinaries.require("prometheus");
        ns.createTopics(3);
        PipelineSettings settings = TestPipelines.settings(ns)
                .set(Setting.BATCH_MAX_AGE_MS, "1000")
                .set(Setting.LOAD_WINDOW_MS, "1000")
                .set(Setting.LOAD_RETRY_MAX_MS, "2000")
                .build();
        pipelineBase = "http://127.0.0.1:" + settings.get(Setting.HTTP_PORT);
        pipeline = PipelineRuntime.start(settings);
        feed.send(500);
        feed.drain();

        Path dir = Files.createTempDirectory("prometheus");
        Files.writeString(dir.resolve("rules.yaml"),
                Files.readString(AlertRulesTest.RULES).replaceAll("(?m)^(\\s+for:) \\S+$", "$1 3s"));
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: [rules.yaml]
                scrape_configs:
                  - job_name: event-pipeline
                    metrics_path: /observe/metrics
                    static_configs:
                      - targets: ['127.0.0.1:%s']
                """.formatted(settings.get(Setting.HTTP_PORT)));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        prometheusBase = "http://127.0.0.1:" + port;
        prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> query("up").path("data").path("result").path(0).path("value").path(1).asText().equals("1"));
    }

    @AfterAll
    void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    @Order(1)
    void aLoadingPipelineFiresNoAlert() throws Exception {
        feed.send(300);
        // a few evaluations past every shortened for:
        Thread.sleep(6_000);
        feed.drain();
        assertThat(firing()).isEmpty();
    }

    @Test
    @Order(2)
    void aRevokedInsertFiresThePausedTableAlertAndTheRunbooksFirstCommandNamesTheCause() throws Exception {
        Warehouse.execute("REVOKE INSERT ON " + ns.table() + " FROM " + EmbeddedServices.dbUser());
        try {
            feed.send(200);
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> firing().contains("EventPipelineTableLoadsPaused"));
            HttpResponse<String> ready = get(pipelineBase + "/observe/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains(ns.table()).contains("privilege").contains("42501");
        } finally {
            Warehouse.execute("GRANT INSERT ON " + ns.table() + " TO " + EmbeddedServices.dbUser());
        }
        feed.drain();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !firing().contains("EventPipelineTableLoadsPaused"));
    }

    /** Names of the alerts firing now. */
    private List<String> firing() throws Exception {
        List<String> names = new ArrayList<>();
        JSON.readTree(get(prometheusBase + "/api/v1/alerts").body()).path("data").path("alerts").forEach(a -> {
            if (a.path("state").asText().equals("firing")) {
                names.add(a.path("labels").path("alertname").asText());
            }
        });
        return names;
    }

    private JsonNode query(String promql) throws Exception {
        return JSON.readTree(get(prometheusBase + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).body());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
