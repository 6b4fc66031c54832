package routes.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.contract.BatchNotification;
import routes.contract.ObjectKeyLayout;
import routes.contract.TableRouting;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationValidatorTest {

    private static final String SHA = "a".repeat(64);
    private static final String KEY = "events/event_key=payroll.run/dt=2025-03-01/hour=07/events-0-42.ndjson.gz";

    private final NotificationValidator validator = new NotificationValidator("event-logs", new ObjectKeyLayout("events/"),
            TableRouting.parse("payroll.*=public.payroll_events,*=public.events"));

    private static BatchNotification valid() {
        return new BatchNotification("events-0-42", "payroll.run", "public.payroll_events", "event-logs", KEY, 10, 100,
                SHA, "2025-03-01T07:00:00Z", "2025-03-01T07:05:00Z",
                List.of(new BatchNotification.Source("events", 0, 42, 51)), "2025-03-01T07:06:00Z",
                "2025-03-01T07:00:01.250Z", "2025-03-01T07:05:02Z");
    }

    private static BatchNotification with(UnaryOperator<Object[]> change) {
        BatchNotification v = valid();
        Object[] f = {v.batchId(), v.eventKey(), v.table(), v.bucket(), v.key(), v.recordCount(), v.bytes(), v.sha256(),
                v.minOccurredAt(), v.maxOccurredAt(), v.minArrivedAt(), v.maxArrivedAt()};
        f = change.apply(f);
        return new BatchNotification((String) f[0], (String) f[1], (String) f[2], (String) f[3], (String) f[4],
                (Long) f[5], (Long) f[6], (String) f[7], (String) f[8], (String) f[9], v.sources(), v.createdAt(),
                (String) f[10], (String) f[11]);
    }

    private static UnaryOperator<Object[]> set(int field, Object value, int other, Object otherValue) {
        return f -> {
            f[field] = value;
            f[other] = otherValue;
            return f;
        };
    }

    private static UnaryOperator<Object[]> set(int field, Object value) {
        return f -> {
            f[field] = value;
            return f;
        };
    }

    @Test
    void acceptsWhatTheBatcherWrites() {
        assertThat(validator.problem(valid())).isEmpty();
        assertThat(validator.isValid(with(f -> {
            f[1] = "other.key";
            f[2] = "public.events";
            f[4] = "events/event_key=other.key/dt=2025-03-01/hour=07/events-0-42.ndjson.gz";
            return f;
        }))).isTrue();
    }

    @Test
    void acceptsANotificationWithoutArrivalTimesAsOlderBatchersAndReplayWriteIt() {
        assertThat(validator.problem(with(set(10, null, 11, null)))).isEmpty();
    }

    static Stream<Arguments> forged() {
        return Stream.of(
                Arguments.of("bucket elsewhere", set(3, "attacker-bucket"), "bucket"),
                Arguments.of("bucket missing", set(3, null), "bucket"),
                Arguments.of("path traversal", set(4, "../../etc/passwd"), "'..'"),
                Arguments.of("traversal inside prefix", set(4, "events/event_key=payroll.run/dt=2025-03-01/hour=07/../../x.ndjson.gz"), "'..'"),
                Arguments.of("key outside prefix", set(4, "other/event_key=payroll.run/dt=2025-03-01/hour=07/a.ndjson.gz"), "prefix"),
                Arguments.of("double slash", set(4, "events//event_key=payroll.run/dt=2025-03-01/hour=07/a.ndjson.gz"), "'//'"),
                Arguments.of("absolute key", set(4, "/events/event_key=payroll.run/dt=2025-03-01/hour=07/a.ndjson.gz"), "'/'"),
                Arguments.of("wrong suffix", set(4, "events/event_key=payroll.run/dt=2025-03-01/hour=07/a.json"), "key must be"),
                Arguments.of("bad hour", set(4, "events/event_key=payroll.run/dt=2025-03-01/hour=24/a.ndjson.gz"), "key must be"),
                Arguments.of("quote in key name", set(4, "events/event_key=payroll.run/dt=2025-03-01/hour=07/a'b.ndjson.gz"), "key must be"),
                Arguments.of("event_key differs from path", set(1, "payroll.other"), "key path"),
                Arguments.of("event_key invalid", set(1, "payroll run"), "event_key must"),
                Arguments.of("event_key with SQL", set(1, "x';drop table t;--"), "event_key must"),
                Arguments.of("table not configured", set(2, "public.secrets"), "not a configured"),
                Arguments.of("table with SQL", set(2, "public.events; drop table x"), "not a valid identifier"),
                Arguments.of("table quoted", set(2, "\"public\".\"events\""), "not a valid identifier"),
                Arguments.of("table of another key", set(2, "public.events"), "configured for this event_key"),
                Arguments.of("batch_id with quote", set(0, "events-0-42'"), "batch_id"),
                Arguments.of("batch_id with SQL", set(0, "1; DELETE FROM event_pipeline.loads"), "batch_id"),
                Arguments.of("batch_id too long", set(0, "b".repeat(129)), "batch_id"),
                Arguments.of("sha256 short", set(7, "abc"), "sha256"),
                Arguments.of("sha256 not hex", set(7, "z".repeat(64)), "sha256"),
                Arguments.of("negative record_count", set(5, -1L), "record_count"),
                Arguments.of("zero record_count", set(5, 0L), "record_count"),
                Arguments.of("negative bytes", set(6, -5L), "bytes"),
                Arguments.of("batch_id of another object (replayed or forged)", set(0, "events-0-43"), "batch_id does not match"),
                Arguments.of("batch_id with '..'", set(0, "events..0-42"), "batch_id must be"),
                Arguments.of("event_key with '..' in key and field", set(1, "payroll..run", 4, KEY.replace("payroll.run", "payroll..run")),
                        "event_key must be"),
                Arguments.of("garbage min_occurred_at", set(8, "garbage"), "min_occurred_at and max_occurred_at must be"),
                Arguments.of("garbage max_occurred_at", set(9, "2025-03-01 07:05"), "min_occurred_at and max_occurred_at must be"),
                Arguments.of("missing min_occurred_at", set(8, null), "min_occurred_at and max_occurred_at must be"),
                Arguments.of("max_occurred_at in year 10000 (UTC)", set(9, "9999-12-31T23:00:00-05:00"), "within"),
                Arguments.of("min after max", set(8, "2025-03-01T07:06:00Z"), "after max_occurred_at"),
                Arguments.of("key's hour before the times", set(8, "2025-03-01T08:00:00Z", 9, "2025-03-01T08:01:00Z"),
                        "key's hour"),
                Arguments.of("key's hour after the times", set(8, "2025-03-01T05:00:00Z", 9, "2025-03-01T06:59:59Z"),
                        "key's hour"),
                Arguments.of("garbage min_arrived_at", set(10, "garbage"), "min_arrived_at and max_arrived_at must"),
                Arguments.of("garbage max_arrived_at", set(11, "2025-03-01 07:05"), "min_arrived_at and max_arrived_at must"),
                Arguments.of("min_arrived_at without max", set(11, null), "both be absent or both"),
                Arguments.of("max_arrived_at without min", set(10, null), "both be absent or both"),
                Arguments.of("max_arrived_at in year 10000 (UTC)", set(11, "9999-12-31T23:00:00-05:00"), "within"),
                Arguments.of("min_arrived_at after max", set(10, "2025-03-01T07:06:00Z"), "min_arrived_at is after"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forged")
    void refusesForgedNotifications(String name, UnaryOperator<Object[]> change, String reasonFragment) {
        assertThat(validator.problem(with(change))).hasValueSatisfying(r -> assertThat(r).contains(reasonFragment));
    }

    @Test
    void refusesNull() {
        assertThat(validator.problem(null)).isPresent();
    }
}
