package routes.status;

import routes.contract.DlqHeaders;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import routes.contract.FieldType;
import routes.fields.FieldChange;
import routes.fields.FieldChangeNotices;
import routes.fields.RecentFieldChanges;
import routes.monitor.LoadHistory;
import routes.monitor.PipelineMetrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class StatusReportsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final PipelineMetrics metrics = new PipelineMetrics(registry);
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };
    private final StatusSampler sampler = new StatusSampler(registry, clock, Duration.ofSeconds(2), Duration.ofMinutes(5));
    private final RecentActivity recent = new RecentActivity("event-batches", "events-dlq", clock);
    private final RecentFieldChanges fieldChanges = new RecentFieldChanges();
    private final StatusReports reports = new StatusReports(registry, sampler, new LoadHistory(), recent, null, null,
            fieldChanges, now.get(), "event-batcher", "event-loader");

    @Test
    void ratesAreCountsOfTheLastTenSecondsPerSecond() {
        sampler.sample();
        for (int i = 0; i < 5; i++) {
            now.addAndGet(2_000);
            for (int e = 0; e < 200; e++) {
                metrics.eventConsumed();
            }
            metrics.loaded("public.events", "idle", 150, 0, 20);
            sampler.sample();
        }

        StatusReport report = reports.report();

        assertThat(report.totals().eventsIn()).isEqualTo(1_000);
        assertThat(report.totals().rowsLoaded()).isEqualTo(750);
        assertThat(report.rates().eventsIn()).isEqualTo(100.0);
        assertThat(report.rates().rowsLoaded()).isEqualTo(75.0);
        assertThat(report.history().t()).hasSize(5);
        assertThat(report.history().eventsIn()).last().isEqualTo(100.0);
        assertThat(report.uptimeSeconds()).isEqualTo(10);
        assertThat(report.batcherLag()).as("no lag reading yet").isNull();
    }

    @Test
    void theHeadlineLatencyIsThePipelinesOwnAndABackfillShowsOnlyInTheAppsViewBesideIt() {
        sampler.sample();
        now.addAndGet(2_000);
        for (int i = 0; i < 100; i++) {
            // batches of events that occurred two weeks ago, in topic A for 3 s before their load committed
            metrics.pipelineLatency("public.events", Duration.ofSeconds(3));
            metrics.endToEndLatency("public.events", Duration.ofDays(14));
        }
        sampler.sample();

        StatusReport report = reports.report();

        assertThat(report.latency().loadedBatches()).isEqualTo(100);
        assertThat(report.latency().p99()).as("headline p99, seconds").isEqualTo(3.0);
        assertThat(report.appLatency().loadedBatches()).isEqualTo(100);
        assertThat(report.appLatency().p99()).as("the apps' view p99, seconds").isGreaterThanOrEqualTo(14 * 86_400.0);
        assertThat(report.history().latencyP99()).last().isEqualTo(3.0);
        assertThat(report.history().appLatencyP99()).last().satisfies(p99 -> assertThat(p99).isGreaterThanOrEqualTo(14 * 86_400.0));
        assertThat(report.latencyBuckets()).containsExactly(new StatusReport.Bucket(3.0, 100));
    }

    @Test
    void deadLettersShowTheirReasonsAndSourceNeverThePayload() {
        metrics.eventDeadLettered("batcher", "not_json");
        metrics.eventDeadLettered("batcher", "not_json");
        metrics.eventDeadLettered("batcher", "missing_event_key");
        Message message = new DefaultExchange(new DefaultCamelContext()).getMessage();
        message.setBody("{\"ssn\":\"123-45-6789\"".getBytes());
        message.setHeader(DlqHeaders.STAGE, "batcher");
        message.setHeader(DlqHeaders.REASON, "not_json");
        message.setHeader(DlqHeaders.SOURCE_TOPIC, "events");
        message.setHeader(DlqHeaders.SOURCE_PARTITION, "3");
        message.setHeader(DlqHeaders.SOURCE_OFFSET, "41");
        recent.deadLettered(message);
        sampler.sample();

        StatusReport report = reports.report();

        assertThat(report.deadLettersByReason()).containsExactly(
                new StatusReport.ReasonCount("batcher", "not_json", 2),
                new StatusReport.ReasonCount("batcher", "missing_event_key", 1));
        assertThat(report.newestDeadLetters()).singleElement()
                .isEqualTo(new RecentActivity.DeadLetter(clock.instant().toString(), "batcher", "not_json", "events", "3", "41"));
        assertThat(report.toString()).doesNotContain("123-45-6789");
    }

    @Test
    void recentBatchesKeepTheNewestTenFromTheirNotifications() {
        for (int i = 0; i < 12; i++) {
            recent.batchAnnounced("{\"batch_id\":\"b" + i + "\",\"event_key\":\"app.click\",\"table\":\"public.events\","
                    + "\"key\":\"events/k" + i + "\",\"record_count\":" + i + ",\"bytes\":100}");
        }
        recent.batchAnnounced("not a notification");

        assertThat(recent.batches()).hasSize(RecentActivity.KEEP);
        assertThat(recent.batches().get(0).records()).isEqualTo(11);
        assertThat(recent.batches().get(0).key()).isEqualTo("events/k11");
    }

    @Test
    void fieldChangesAreServedNewestFirstWithKindTypeAndTimeAsTheStatusJsonShowsThem() throws Exception {
        sampler.sample();
        new FieldChangeNotices(metrics, fieldChanges).committed(List.of(
                new FieldChange("payroll.run", "amount", FieldType.STRING, FieldChange.Kind.NEW_PATH, Instant.parse("2026-12-01T10:00:00Z")),
                new FieldChange("payroll.run", "amount", FieldType.DECIMAL, FieldChange.Kind.NEW_TYPE, Instant.parse("2026-12-02T10:00:00Z"))));

        JsonNode json = new ObjectMapper().valueToTree(reports.report());

        assertThat(json.at("/fieldChanges/recent").size()).isEqualTo(2);
        assertThat(json.at("/fieldChanges/recent/0/kind").asText()).isEqualTo("new_type");
        assertThat(json.at("/fieldChanges/recent/0/type").asText()).isEqualTo("decimal");
        assertThat(json.at("/fieldChanges/recent/0/at").asText()).isEqualTo("2026-12-02T10:00:00Z");
        assertThat(json.at("/fieldChanges/recent/1/kind").asText()).isEqualTo("new_path");
        assertThat(json.at("/fieldChanges/recent/1/path").asText()).isEqualTo("amount");
        assertThat(json.at("/fieldChanges/recent/1/eventKey").asText()).isEqualTo("payroll.run");
        assertThat(json.at("/fieldChanges/quietPaths").isNull()).as("not counted yet").isTrue();
    }
}
