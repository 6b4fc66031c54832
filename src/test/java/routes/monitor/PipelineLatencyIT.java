package routes.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import routes.PipelineRuntime;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.contract.BatchNotification;
import routes.testing.EmbeddedServices;
import routes.testing.TestPipelines;
import routes.testing.TestPipelines.Namespace;
import routes.testing.Warehouse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pipeline's own latency on a real pipeline: a backfill of events that occurred two weeks ago loads within
 * seconds of its arrival in topic A, and the metric the SLO alert and the status page's headline use says so,
 * while the apps' view (occurred_at to loaded) beside it says two weeks.
 */
@ExtendWith(EmbeddedServices.class)
class PipelineLatencyIT {

    private static final int EVENTS = 600;
    private static final Duration BACKFILL_AGE = Duration.ofDays(14);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aTwoWeekOldBackfillShowsSecondsOfPipelineLatencyAndTwoWeeksInTheAppsView() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(2);
        PipelineSettings settings = TestPipelines.settings(ns).build();
        try (PipelineRuntime runtime = PipelineRuntime.start(settings)) {
            Instant produced = Instant.now();
            EmbeddedServices.produce(ns.events(), backfill(produced.minus(BACKFILL_AGE)));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> Warehouse.rows(ns.table()) >= EVENTS);
            await().atMost(Duration.ofSeconds(30)).until(() -> TestPipelines.caughtUp(ns.loaderGroup(), ns.batches()));
            double ceiling = Duration.between(produced, Instant.now()).toMillis() / 1000.0 + 1;
            List<BatchNotification> notifications = notifications(ns.batches());

            String table = "table=\"" + ns.table() + "\"";
            String scrape = get(settings, "/observe/metrics");
            assertThat(Metrics.series(scrape, "pipeline_latency_seconds_bucket", table))
                    .as("a histogram Prometheus' histogram_quantile reads").isNotEmpty()
                    .anyMatch(line -> line.contains("le=\"+Inf\""));
            assertThat(Metrics.value(scrape, "pipeline_latency_seconds_count", table)).as("one per loaded batch")
                    .isEqualTo(notifications.size());
            assertThat(sample(scrape, "pipeline_latency_seconds_max", table))
                    .as("no batch took longer than the test's own wait since producing").isBetween(0.0, ceiling);
            assertThat(sample(scrape, "pipeline_end_to_end_latency_seconds_sum", table) / notifications.size())
                    .as("the apps' view: two weeks").isGreaterThanOrEqualTo((double) BACKFILL_AGE.toSeconds());

            // the status page samples the meters every 2 s: wait for a reading that includes the loads
            JsonNode status = await().atMost(Duration.ofSeconds(10)).until(() -> JSON.readTree(get(settings, "/observe/status")),
                    s -> s.at("/latency/loadedBatches").asLong() > 0);
            assertThat(status.at("/latency/p99").asDouble()).as("the headline p99, seconds (a bucket's upper bound)")
                    .isLessThanOrEqualTo(Math.max(ceiling * 1.5, 2));
            assertThat(status.at("/appLatency/p99").asDouble()).isGreaterThanOrEqualTo((double) BACKFILL_AGE.toSeconds());
            assertThat(notifications).allSatisfy(n -> {
                assertThat(Instant.parse(n.minArrivedAt())).isBetween(produced.minusSeconds(1), Instant.now());
                assertThat(Instant.parse(n.maxArrivedAt())).isAfterOrEqualTo(Instant.parse(n.minArrivedAt()));
            });
        }
    }

    private static List<byte[]> backfill(Instant occurredAt) {
        List<byte[]> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            events.add(("{\"event_id\":\"backfill-" + i + "\",\"event_key\":\"payroll.backfill" + (i % 3)
                    + "\",\"occurred_at\":\"" + occurredAt.minusSeconds(i) + "\",\"seq\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }
        return events;
    }

    private static List<BatchNotification> notifications(String topic) throws Exception {
        List<BatchNotification> notifications = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : EmbeddedServices.consumeAll(topic, Duration.ofSeconds(5))) {
            notifications.add(JSON.readValue(record.value(), BatchNotification.class));
        }
        return notifications;
    }

    /** The one sample of {@code name} with {@code tagFilter}, as a double. */
    private static double sample(String scrape, String name, String tagFilter) {
        List<String> lines = Metrics.series(scrape, name, tagFilter);
        assertThat(lines).as(name).hasSize(1);
        return Double.parseDouble(lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1));
    }

    private static String get(PipelineSettings settings, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + settings.get(Setting.HTTP_PORT) + path))
                .timeout(Duration.ofSeconds(15)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
