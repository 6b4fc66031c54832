package routes.batch;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import routes.PipelineRuntime;
import routes.config.Setting;
import routes.contract.BatchNotification;
import routes.contract.ObservedField;
import routes.monitor.PipelineMetrics;
import routes.testing.EmbeddedServices;
import routes.testing.PipelineOutputs;
import routes.testing.TestPipelines;
import routes.testing.TestPipelines.Namespace;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The batcher's field observation read back from topic B: the fields as written after sanitizing, never a value. */
@ExtendWith(EmbeddedServices.class)
class FieldObservationIT {

    private static final int EVENTS = 400;
    private static final String KEY = "payroll.run.completed";
    private static final long ACCOUNT_BASE = 3_837_550_000L;
    private static final String SSN_PREFIX = "900-77-";
    private static final String EMAIL_DOMAIN = "@fields-pii.example.com";

    @Test
    void notificationsCarryTheFieldsAsWrittenAfterSanitizingAndNoOriginalOfAMaskedField() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(3);
        List<byte[]> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            events.add(event(i));
        }
        EmbeddedServices.produce(ns.events(), events);

        double cut;
        try (PipelineRuntime runtime = PipelineRuntime.start(TestPipelines.settings(ns)
                .set(Setting.ROLE_LOADER, "false").build())) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> TestPipelines.caughtUp(ns.batcherGroup(), ns.events()));
            cut = runtime.beans().metrics().total(PipelineMetrics.FIELDS_CUT);
        }

        List<ConsumerRecord<byte[], byte[]>> records = EmbeddedServices.consumeAll(ns.batches(), Duration.ofSeconds(3));
        List<BatchNotification> notifications = PipelineOutputs.notifications(ns.batches());
        assertThat(notifications).isNotEmpty().allSatisfy(n -> {
            assertThat(n.fields()).as("sorted by path, then type").isSortedAccordingTo(
                    java.util.Comparator.comparing(ObservedField::path).thenComparing(f -> f.type().wireName()));
            assertThat(n.fields()).allSatisfy(f -> assertThat(f.events()).isBetween(1L, n.recordCount()));
        });
        assertThat(notifications.stream().mapToLong(BatchNotification::recordCount).sum()).isEqualTo(EVENTS);

        Map<String, Long> seen = new TreeMap<>();
        notifications.forEach(n -> n.fields().forEach(f -> seen.merge(f.path() + ":" + f.type().wireName(), f.events(), Long::sum)));
        assertThat(seen).containsExactlyInAnyOrderEntriesOf(Map.of(
                "account_number:string", (long) EVENTS,
                "amount:decimal", EVENTS / 2L,
                "amount:string", EVENTS / 2L,
                "employee.email:string", (long) EVENTS,
                "employee.name:string", (long) EVENTS,
                "employee.ssn:string", (long) EVENTS,
                "paid_at:timestamp", (long) EVENTS,
                "lines:array", (long) EVENTS,
                "meta:object", (long) EVENTS));
        assertThat(notifications.stream().mapToLong(BatchNotification::fieldsCut).sum())
                .as("the name with a '.' in each event").isEqualTo(EVENTS);
        assertThat(cut).as("pipeline_fields_cut_total").isEqualTo(EVENTS);

        StringBuilder onTopicB = new StringBuilder();
        records.forEach(r -> onTopicB.append(new String(r.value(), StandardCharsets.UTF_8)));
        assertThat(onTopicB.toString()).contains("\"fields\":[", "\"fields_cut\":")
                .doesNotContain(SSN_PREFIX, EMAIL_DOMAIN, Long.toString(ACCOUNT_BASE / 10_000), "****", "Ada", "19.99",
                        "10:30:00-05:00");
    }

    /** Half the events send amount as a number, half as a string: the same path with two types. */
    private static byte[] event(int i) {
        String amount = i % 2 == 0 ? "19.99" : "\"19.99\"";
        String json = "{\"event_id\":\"ev-" + i + "\",\"event_key\":\"" + KEY + "\",\"occurred_at\":\"2026-11-24T10:00:00Z\""
                + ",\"amount\":" + amount + ",\"account_number\":" + (ACCOUNT_BASE + i)
                + ",\"employee\":{\"ssn\":\"" + SSN_PREFIX + String.format("%04d", i) + "\",\"email\":\"p" + i + EMAIL_DOMAIN
                + "\",\"name\":\"Ada\"},\"paid_at\":\"2026-11-24T10:30:00-05:00\",\"lines\":[{\"a\":1}],\"meta\":{}"
                + ",\"a.b\":1}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
