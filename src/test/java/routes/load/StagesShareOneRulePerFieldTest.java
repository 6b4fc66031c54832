package routes.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.batch.AdmissionVerdict;
import routes.batch.BatchObjectNaming;
import routes.batch.EventAdmission;
import routes.batch.EventSizeLimits;
import routes.batch.RejectReason;
import routes.batch.SanitizeRules;
import routes.batch.WarehouseValueLimits;
import routes.contract.BatchNotification;
import routes.contract.EventFieldNames;
import routes.contract.ObjectKeyLayout;
import routes.contract.OccurredAtParser;
import routes.contract.TableRouting;

/**
 * One rule per field across the stages: whatever admission accepts, the object key and the notification the batcher
 * builds from it pass the loader's checks; whatever a later stage would refuse, admission refuses first, alone and
 * with a reason. Each row is an edge of a rule.
 */
class StagesShareOneRulePerFieldTest {

    private static final long KAFKA_MILLIS = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli();
    private static final ObjectKeyLayout LAYOUT = new ObjectKeyLayout("events/");
    private static final BatchObjectNaming NAMING = new BatchObjectNaming(LAYOUT);
    private static final NotificationValidator LOADER = new NotificationValidator("event-logs", LAYOUT, TableRouting.defaults());
    private static final EventAdmission ADMISSION = new EventAdmission(EventSizeLimits.defaults(), EventFieldNames.defaults(),
            SanitizeRules.fromClasspath("sanitize.yaml", "k".getBytes(StandardCharsets.UTF_8)), WarehouseValueLimits.unlimited());

    static Stream<Arguments> eventKeys() {
        return Stream.of(
                arguments("a", true), arguments("a.b", true), arguments(".", true), arguments(".a", true),
                arguments("a.", true), arguments("a:b-c_d", true), arguments("k".repeat(128), true),
                arguments("k".repeat(129), false), arguments("", false),
                arguments("orders..created", false), arguments("..", false), arguments("..a", false), arguments("a..", false),
                arguments("a...b", false), arguments("k".repeat(63) + ".." + "k".repeat(63), false),
                arguments("a/b", false), arguments("a b", false), arguments("a=b", false), arguments("a+b", false),
                arguments("zahlung.über", false), arguments("ａ.b", false), arguments("a%2e%2eb", false),
                arguments("a\\u0000b", false), arguments("a\\\\b", false));
    }

    @ParameterizedTest(name = "\"{0}\" admitted: {1}")
    @MethodSource("eventKeys")
    void anEventKeyAdmissionAcceptsIsOneTheLoaderAccepts(String jsonKey, boolean valid) {
        AdmissionVerdict verdict = admit("{\"event_id\":\"e-1\",\"event_key\":\"" + jsonKey + "\",\"occurred_at\":\"2026-11-24T10:00:00Z\"}",
                KAFKA_MILLIS);
        String key = verdict instanceof AdmissionVerdict.Accepted a ? a.eventKey() : jsonKey;

        assertThat(verdict instanceof AdmissionVerdict.Accepted).as("admitted").isEqualTo(valid);
        if (!valid) {
            // U+0000 is refused anywhere in an event before the key is looked at
            assertThat(((AdmissionVerdict.Rejected) verdict).reason()).isIn(RejectReason.INVALID_EVENT_KEY,
                    RejectReason.UNSUPPORTED_CHARACTER);
        }
        assertThat(LOADER.problem(notification(key, "events", Instant.parse("2026-11-24T10:00:00Z"))))
                .as("the loader's verdict on the batcher's notification").matches(p -> p.isEmpty() == valid);
    }

    static Stream<Arguments> occurredAts() {
        return Stream.of(
                arguments("2026-11-24T10:00:00Z", "2026-11-24T10:00:00Z"),
                arguments("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
                arguments("0001-01-01T01:00:00+01:00", "0001-01-01T00:00:00Z"),
                arguments("0001-01-01T00:00:00+01:00", null), // year 0 in UTC
                arguments("0001-01-01T00:00:00.000000001-00:01", "0001-01-01T00:01:00.000000001Z"),
                arguments("9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.999999Z"),
                arguments("9999-12-31T23:59:59.9999995Z", null), // rounds to year 10000 at microseconds
                arguments("9999-12-31T23:00:00-05:00", null), // year 10000 in UTC
                arguments("9999-12-31T23:59:59.999+14:00", "9999-12-31T09:59:59.999Z"),
                arguments("+10000-01-01T00:00:00+01:00", null), // in range in UTC, but a five-digit year as written
                arguments("0000-12-31T23:00:00-01:00", null),
                arguments("2026-06-01T12:00:00+14:00", "2026-05-31T22:00:00Z"),
                arguments("2026-06-01T12:00:00-12:00", "2026-06-02T00:00:00Z"),
                arguments("2026-06-01T12:00:00+14:59", "2026-05-31T21:01:00Z"),
                arguments("2026-06-01T12:00:00+15:00", null),
                arguments("2026-06-01T12:00:00-18:00", null),
                arguments("2026-06-01T12:00:00+05:45", "2026-06-01T06:15:00Z"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("occurredAts")
    void anEventTimeIsCheckedOnItsUtcInstantAndEveryAdmittedTimeLoads(String text, String utc) {
        AdmissionVerdict verdict = admit("{\"event_id\":\"e-1\",\"event_key\":\"a.b\",\"occurred_at\":\"" + text + "\"}", KAFKA_MILLIS);

        assertThat(verdict).isInstanceOfSatisfying(AdmissionVerdict.Accepted.class, accepted -> {
            // Out of range: the event is kept with the Kafka timestamp, flagged (CONTRACT.md), never fails a COPY.
            Instant expected = utc == null ? Instant.ofEpochMilli(KAFKA_MILLIS) : Instant.parse(utc);
            assertThat(accepted.occurredAt()).isEqualTo(expected);
            assertThat(accepted.occurredAtFlagged()).isEqualTo(utc == null);
            assertThat(LOADER.problem(notification("a.b", "events", accepted.occurredAt()))).isEmpty();
        });
    }

    static Stream<Arguments> kafkaTimestamps() {
        return Stream.of(
                arguments(KAFKA_MILLIS, true), arguments(0L, true), arguments(-1L, true),
                arguments(OccurredAtParser.MIN_EPOCH_MILLIS, true), arguments(OccurredAtParser.MAX_EPOCH_MILLIS, true),
                arguments(OccurredAtParser.MIN_EPOCH_MILLIS - 1, false), arguments(OccurredAtParser.MAX_EPOCH_MILLIS + 1, false),
                arguments(Long.MAX_VALUE, false), arguments(Long.MIN_VALUE, false));
    }

    @ParameterizedTest(name = "{0} usable: {1}")
    @MethodSource("kafkaTimestamps")
    void theKafkaTimestampFallbackIsHeldToTheSameRange(long kafkaMillis, boolean usable) {
        AdmissionVerdict verdict = admit("{\"event_id\":\"e-1\",\"event_key\":\"a.b\"}", kafkaMillis);

        if (usable) {
            assertThat(verdict).isInstanceOfSatisfying(AdmissionVerdict.Accepted.class, accepted ->
                    assertThat(LOADER.problem(notification("a.b", "events", accepted.occurredAt()))).isEmpty());
        } else {
            assertThat(verdict).isInstanceOfSatisfying(AdmissionVerdict.Rejected.class,
                    rejected -> assertThat(rejected.reason()).isEqualTo(RejectReason.INVALID_OCCURRED_AT));
            assertThat(admit("{\"event_key\":\"a.b\",\"occurred_at\":\"2026-11-24T10:00:00Z\"}", kafkaMillis))
                    .as("an event with its own time does not need the Kafka timestamp").isInstanceOf(AdmissionVerdict.Accepted.class);
        }
    }

    static Stream<Arguments> topics() {
        return Stream.of(
                arguments("events"), arguments("t".repeat(76)), arguments("t".repeat(77)), arguments("t".repeat(97)),
                arguments("t".repeat(98)), arguments("t".repeat(249)), arguments("a..b"), arguments("..a"),
                arguments("t".repeat(39) + ".." + "t".repeat(208)), arguments("my_app.payroll-events"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void everyKafkaTopicNameGivesABatchIdTheLoaderAccepts(String topic) {
        BatchNotification n = notification("a.b", topic, Instant.parse("2026-11-24T10:00:00Z"));

        assertThat(LOADER.problem(n)).isEmpty();
        assertThat(n.batchId()).isEqualTo(notification("a.b", topic, Instant.parse("2026-11-24T10:00:00Z")).batchId());
        assertThat(n.batchId()).isNotEqualTo(notification("a.b", topic + "x", Instant.parse("2026-11-24T10:00:00Z")).batchId());
    }

    private static AdmissionVerdict admit(String json, long kafkaMillis) {
        return ADMISSION.admit(json.getBytes(StandardCharsets.UTF_8), "events", 0, 7, kafkaMillis);
    }

    /** The notification the batcher writes for a one-event batch (NotificationBuilder's fields). */
    private static BatchNotification notification(String eventKey, String topic, Instant occurredAt) {
        List<BatchNotification.Source> sources = List.of(new BatchNotification.Source(topic, Integer.MAX_VALUE,
                Long.MAX_VALUE - 1, Long.MAX_VALUE));
        String batchId = NAMING.batchId(sources);
        return new BatchNotification(batchId, eventKey, "public.events", "event-logs", LAYOUT.objectKey(eventKey, occurredAt, batchId),
                1, 100, "a".repeat(64), occurredAt.toString(), occurredAt.toString(), sources, "2026-11-24T10:00:01Z");
    }
}
