package routes.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The topic-B message's arrival times are a versioned extension: optional both ways. */
class BatchNotificationJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V1 = "{\"batch_id\":\"events-0-42\",\"event_key\":\"a.b\",\"table\":\"public.events\","
            + "\"bucket\":\"event-logs\",\"key\":\"k\",\"record_count\":3,\"bytes\":10,\"sha256\":\"s\","
            + "\"min_occurred_at\":\"2026-11-23T10:00:00Z\",\"max_occurred_at\":\"2026-11-23T10:01:00Z\","
            + "\"sources\":[],\"created_at\":\"2026-12-07T10:00:00Z\"}";

    @Test
    void aNotificationWithoutArrivalTimesReadsWithNone() throws Exception {
        BatchNotification n = JSON.readValue(V1, BatchNotification.class);

        assertThat(n.batchId()).isEqualTo("events-0-42");
        assertThat(n.minArrivedAt()).isNull();
        assertThat(n.maxArrivedAt()).isNull();
    }

    @Test
    void arrivalTimesAreWrittenWhenKnownAndLeftOutWhenNot() throws Exception {
        BatchNotification v2 = new BatchNotification("b", "a.b", "public.events", "event-logs", "k", 3, 10, "s",
                "2026-11-23T10:00:00Z", "2026-11-23T10:01:00Z", List.of(), "2026-12-07T10:00:02Z",
                "2026-12-07T10:00:00.125Z", "2026-12-07T10:00:01Z");
        String json = JSON.writeValueAsString(v2);

        assertThat(json).contains("\"min_arrived_at\":\"2026-12-07T10:00:00.125Z\"", "\"max_arrived_at\":\"2026-12-07T10:00:01Z\"");
        assertThat(JSON.readValue(json, BatchNotification.class)).isEqualTo(v2);
        assertThat(JSON.writeValueAsString(JSON.readValue(V1, BatchNotification.class))).doesNotContain("arrived_at");
    }

    @Test
    void fieldObservationsAreWrittenWhenKnownAndAnOlderNotificationReadsWithNone() throws Exception {
        BatchNotification v3 = new BatchNotification("b", "a.b", "public.events", "event-logs", "k", 3, 10, "s",
                "2026-11-23T10:00:00Z", "2026-11-23T10:01:00Z", List.of(), "2026-12-07T10:00:02Z", null, null,
                List.of(new ObservedField("amount", FieldType.DECIMAL, 3), new ObservedField("ssn", FieldType.STRING, 2)),
                1L);
        String json = JSON.writeValueAsString(v3);

        assertThat(json).contains("\"fields\":[{\"path\":\"amount\",\"type\":\"decimal\",\"events\":3}",
                "\"fields_cut\":1");
        assertThat(JSON.readValue(json, BatchNotification.class)).isEqualTo(v3);
        BatchNotification v1 = JSON.readValue(V1, BatchNotification.class);
        assertThat(v1.fields()).isNull();
        assertThat(v1.fieldsCut()).isNull();
        assertThat(JSON.writeValueAsString(v1)).doesNotContain("fields");
    }
}
