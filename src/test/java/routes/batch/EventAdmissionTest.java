package routes.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.contract.EventFieldNames;
import routes.contract.PipelineFieldChecks;

class EventAdmissionTest {

    static final long KAFKA_MILLIS = 1_764_000_000_000L;
    static final String KAFKA_TIME = Instant.ofEpochMilli(KAFKA_MILLIS).toString();
    static final String HEAD = "{\"event_id\":\"e-1\",\"event_key\":\"payroll.run.created\",";
    static final String WHEN = "\"occurred_at\":\"2026-11-24T10:00:00.000-05:00\"";
    static final int MIB = 1_048_576;

    final EventAdmission admission = new EventAdmission(EventSizeLimits.defaults(), EventFieldNames.defaults(),
            SanitizeRules.fromClasspath("sanitize.yaml", "test-key".getBytes(StandardCharsets.UTF_8)),
            WarehouseValueLimits.unlimited());

    static Stream<Arguments> rejectedRecords() {
        return Stream.of(
                arguments("null value", null, RejectReason.EMPTY),
                arguments("zero-length value", new byte[0], RejectReason.EMPTY),
                arguments("3 MiB message", padded(3 * MIB), RejectReason.TOO_LARGE),
                arguments("one byte over the limit", padded(MIB + 1), RejectReason.TOO_LARGE),
                arguments("invalid UTF-8 C3 28", bytes("{\"event_key\":\"a.b\",\"name\":\"", 0xC3, 0x28, "\"}"), RejectReason.INVALID_UTF8),
                arguments("overlong slash C0 AF", bytes("{\"event_key\":\"a.b\",\"path\":\"", 0xC0, 0xAF, "\"}"), RejectReason.INVALID_UTF8),
                arguments("overlong three-byte E0 80 AF", bytes("{\"event_key\":\"a.b\",\"p\":\"", 0xE0, 0x80, 0xAF, "\"}"), RejectReason.INVALID_UTF8),
                arguments("surrogate encoded in UTF-8 ED A0 80", bytes("{\"event_key\":\"a.b\",\"p\":\"", 0xED, 0xA0, 0x80, "\"}"), RejectReason.INVALID_UTF8),
                arguments("truncated multi-byte sequence at the end", bytes("{\"event_key\":\"a.b\"}", 0xE2, 0x82), RejectReason.INVALID_UTF8),
                arguments("latin-1 byte", bytes("{\"event_key\":\"a.b\",\"name\":\"Jos", 0xE9, "\"}"), RejectReason.INVALID_UTF8),
                arguments("UTF-16 document", "{\"event_key\":\"a.b\"}".getBytes(StandardCharsets.UTF_16LE), RejectReason.NOT_JSON),
                arguments("plain text", utf8("payroll run created for company 1291"), RejectReason.NOT_JSON),
                arguments("only whitespace", utf8("  \n "), RejectReason.NOT_JSON),
                arguments("truncated JSON", utf8("{\"event_key\":\"payroll.run.created\",\"data\":{\"company_id\":12"), RejectReason.NOT_JSON),
                arguments("trailing garbage", utf8("{\"event_key\":\"payroll.run.created\"}xyz"), RejectReason.NOT_JSON),
                arguments("two documents in one record", utf8("{\"event_key\":\"a.b\"} {\"event_key\":\"a.b\"}"), RejectReason.NOT_JSON),
                arguments("single quotes", utf8("{'event_key':'a.b'}"), RejectReason.NOT_JSON),
                arguments("NaN number", utf8("{\"event_key\":\"a.b\",\"x\":NaN}"), RejectReason.NOT_JSON),
                arguments("raw control character in a string", utf8("{\"event_key\":\"a.b\",\"x\":\"a\tb\"}"), RejectReason.NOT_JSON),
                arguments("JSON array", utf8("[{\"event_key\":\"a.b\"}]"), RejectReason.NOT_OBJECT),
                arguments("JSON null", utf8("null"), RejectReason.NOT_OBJECT),
                arguments("JSON number", utf8("42"), RejectReason.NOT_OBJECT),
                arguments("JSON string", utf8("\"payroll.run.created\""), RejectReason.NOT_OBJECT),
                arguments("5,000-deep array as the root", utf8("[".repeat(5000) + "]".repeat(5000)), RejectReason.NOT_OBJECT),
                arguments("5,000-deep nesting", utf8(HEAD + "\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}"), RejectReason.TOO_DEEP),
                arguments("65 levels of objects", utf8(nested(65)), RejectReason.TOO_DEEP),
                arguments("duplicate field at top level", utf8(HEAD + "\"ssn\":\"***\",\"ssn\":\"875-51-8221\"}"), RejectReason.DUPLICATE_FIELD),
                arguments("duplicate field nested", utf8(HEAD + "\"data\":{\"employee\":{\"ssn\":\"1\",\"id\":2,\"ssn\":\"875-51-8221\"}}}"), RejectReason.DUPLICATE_FIELD),
                arguments("duplicate field in an array of objects", utf8(HEAD + "\"rows\":[{\"a\":1},{\"a\":1,\"a\":2}]}"), RejectReason.DUPLICATE_FIELD),
                arguments("duplicate field inside a masked value", utf8(HEAD + "\"ssn\":{\"v\":1,\"v\":2}}"), RejectReason.DUPLICATE_FIELD),
                arguments("duplicate field spelled with an escape", utf8(HEAD + "\"ssn\":\"1\",\"\\u0073sn\":\"2\"}"), RejectReason.DUPLICATE_FIELD),
                arguments("duplicate event_key", utf8(HEAD + "\"event_key\":\"other.key\"}"), RejectReason.DUPLICATE_FIELD),
                arguments("duplicate among many fields", utf8(HEAD + manyFields(20) + ",\"f7\":0}"), RejectReason.DUPLICATE_FIELD),
                arguments("escaped U+0000 in a value", utf8(HEAD + "\"name\":\"a\\u0000b\"}"), RejectReason.UNSUPPORTED_CHARACTER),
                arguments("escaped U+0000 in a field name", utf8(HEAD + "\"na\\u0000me\":\"a\"}"), RejectReason.UNSUPPORTED_CHARACTER),
                arguments("lone high surrogate", utf8(HEAD + "\"name\":\"\\ud800\"}"), RejectReason.UNSUPPORTED_CHARACTER),
                arguments("lone low surrogate", utf8(HEAD + "\"name\":\"x\\udc00y\"}"), RejectReason.UNSUPPORTED_CHARACTER),
                arguments("reversed surrogate pair", utf8(HEAD + "\"name\":\"\\ude00\\ud83d\"}"), RejectReason.UNSUPPORTED_CHARACTER),
                arguments("U+0000 inside a removed subtree", utf8(HEAD + "\"ssn\":[\"\\u0000\"]}"), RejectReason.UNSUPPORTED_CHARACTER),
                arguments("missing event_key", utf8("{\"event_id\":\"e-1\"," + WHEN + "}"), RejectReason.MISSING_EVENT_KEY),
                arguments("null event_key", utf8("{\"event_key\":null}"), RejectReason.MISSING_EVENT_KEY),
                arguments("event_key is a path", utf8("{\"event_key\":\"../../etc/passwd\"}"), RejectReason.INVALID_EVENT_KEY),
                arguments("event_key is SQL", utf8("{\"event_key\":\"x'; DROP TABLE events;--\"}"), RejectReason.INVALID_EVENT_KEY),
                arguments("event_key of 129 chars", utf8("{\"event_key\":\"" + "k".repeat(129) + "\"}"), RejectReason.INVALID_EVENT_KEY),
                arguments("empty event_key", utf8("{\"event_key\":\"\"}"), RejectReason.INVALID_EVENT_KEY),
                arguments("event_key with '..' (the loader refuses it in the object key)", utf8("{\"event_key\":\"orders..created\"}"), RejectReason.INVALID_EVENT_KEY),
                arguments("event_key ending in '..'", utf8("{\"event_key\":\"orders..\"}"), RejectReason.INVALID_EVENT_KEY),
                arguments("event_id in the derived namespace", utf8(withId("\"~events-3-43\"")), RejectReason.INVALID_EVENT_ID),
                arguments("event_id of a lone mark", utf8(withId("\"~\"")), RejectReason.INVALID_EVENT_ID),
                arguments("event_key with a quote", utf8("{\"event_key\":\"a\\\"b\"}"), RejectReason.INVALID_EVENT_KEY),
                arguments("event_key with a space", utf8("{\"event_key\":\"payroll run\"}"), RejectReason.INVALID_EVENT_KEY),
                arguments("event_key with non-ASCII letters", utf8("{\"event_key\":\"zahlung.über\"}"), RejectReason.INVALID_EVENT_KEY),
                arguments("event_key is a number", utf8("{\"event_key\":42}"), RejectReason.INVALID_EVENT_KEY),
                arguments("event_key is an object", utf8("{\"event_key\":{\"name\":\"a.b\"}}"), RejectReason.INVALID_EVENT_KEY),
                arguments("empty event_id", utf8("{\"event_id\":\"\",\"event_key\":\"a.b\"}"), RejectReason.INVALID_EVENT_ID),
                arguments("event_id of 65 chars", utf8("{\"event_id\":\"" + "i".repeat(65) + "\",\"event_key\":\"a.b\"}"), RejectReason.INVALID_EVENT_ID),
                arguments("event_id of 33 two-byte chars (66 bytes)", utf8("{\"event_id\":\"" + "é".repeat(33) + "\",\"event_key\":\"a.b\"}"), RejectReason.INVALID_EVENT_ID),
                arguments("event_id with a newline", utf8("{\"event_id\":\"a\\nb\",\"event_key\":\"a.b\"}"), RejectReason.INVALID_EVENT_ID),
                arguments("event_id is a number", utf8("{\"event_id\":12345,\"event_key\":\"a.b\"}"), RejectReason.INVALID_EVENT_ID),
                arguments("event_id with a trailing space", utf8(withId("\"e-1 \"")), RejectReason.INVALID_EVENT_ID),
                arguments("event_id with a leading space", utf8(withId("\" e-1\"")), RejectReason.INVALID_EVENT_ID),
                arguments("event_id of one space", utf8(withId("\" \"")), RejectReason.INVALID_EVENT_ID),
                arguments("event_id with a trailing no-break space U+00A0", utf8(withId("\"e-1\u00A0\"")), RejectReason.INVALID_EVENT_ID),
                arguments("event_id with a trailing narrow no-break space U+202F", utf8(withId("\"e-1\\u202f\"")), RejectReason.INVALID_EVENT_ID),
                arguments("event_id with a leading ideographic space U+3000", utf8(withId("\"\u3000e-1\"")), RejectReason.INVALID_EVENT_ID),
                arguments("event_id with a trailing line separator U+2028", utf8(withId("\"e-1\\u2028\"")), RejectReason.INVALID_EVENT_ID),
                arguments("event_id with a trailing escaped tab", utf8(withId("\"e-1\\t\"")), RejectReason.INVALID_EVENT_ID),
                arguments("invalid heartbeat is rejected, not dropped", utf8("{\"event_id\":\"\",\"event_key\":\"payroll.heartbeat\"}"), RejectReason.INVALID_EVENT_ID),
                arguments("heartbeat with duplicate fields is rejected, not dropped", utf8("{\"event_key\":\"payroll.heartbeat\",\"a\":1,\"a\":2}"), RejectReason.DUPLICATE_FIELD));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedRecords")
    void rejectsWithReason(String behaviour, byte[] value, RejectReason reason) {
        AdmissionVerdict result = admission.admit(value, "events", 3, 42, KAFKA_MILLIS);

        assertThat(result).isInstanceOfSatisfying(AdmissionVerdict.Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(reason);
            assertThat(rejected.detail()).isNotBlank().hasSizeLessThan(120);
            for (String content : stringContents(value)) {
                if (content.equals("event_key") || content.equals("event_id")) {
                    continue; // the contract's field names may be named
                }
                assertThat(rejected.detail()).doesNotContain(content);
            }
        });
    }

    static Stream<Arguments> acceptedRecords() {
        String kafka = ",\"occurred_at\":\"" + KAFKA_TIME + "\"";
        String flag = ",\"_occurred_at_source\":\"kafka_timestamp\"";
        return Stream.of(
                arguments("emoji, RTL and CJK pass unchanged",
                        HEAD + WHEN + ",\"name\":\"Ольга 😀 שלום עולם 漢字 \u200F\"}",
                        HEAD + WHEN + ",\"name\":\"Ольга 😀 שלום עולם 漢字 \u200F\"}"),
                arguments("escaped non-ASCII and surrogate pairs are written as UTF-8",
                        HEAD + WHEN + ",\"name\":\"Jos\\u00e9 \\ud83d\\ude00 \\/\"}",
                        HEAD + WHEN + ",\"name\":\"José 😀 /\"}"),
                arguments("numbers are preserved exactly as written",
                        HEAD + WHEN + ",\"n\":[1e400,-0,0.1,-1E-400,0.10,123456789012345678901234567890123456789]}",
                        HEAD + WHEN + ",\"n\":[1e400,-0,0.1,-1E-400,0.10,123456789012345678901234567890123456789]}"),
                arguments("pretty-printed input becomes one compact line",
                        "{\n  \"event_id\" : \"e-1\",\n\t\"event_key\": \"payroll.run.created\",\r\n " + WHEN + " , \"a\" : [ 1 , { } ] }\n",
                        HEAD + WHEN + ",\"a\":[1,{}]}"),
                arguments("year 0001 is kept as written",
                        HEAD + "\"occurred_at\":\"0001-01-01T00:00:00Z\"}", HEAD + "\"occurred_at\":\"0001-01-01T00:00:00Z\"}"),
                arguments("year 9999 is kept as written",
                        HEAD + "\"occurred_at\":\"9999-12-31T23:59:59.999+14:00\"}", HEAD + "\"occurred_at\":\"9999-12-31T23:59:59.999+14:00\"}"),
                arguments("epoch millis become ISO-8601 UTC",
                        HEAD + "\"occurred_at\":1732460400123}", HEAD + "\"occurred_at\":\"2024-11-24T15:00:00.123Z\"}"),
                arguments("missing occurred_at takes the Kafka timestamp, flagged",
                        HEAD + "\"x\":1}", HEAD + "\"x\":1" + kafka + flag + "}"),
                arguments("null occurred_at takes the Kafka timestamp, flagged",
                        HEAD + "\"occurred_at\":null}", HEAD + kafka.substring(1) + flag + "}"),
                arguments("unparseable occurred_at is kept as _occurred_at_original",
                        HEAD + "\"occurred_at\":\"yesterday\"}", HEAD + kafka.substring(1) + flag + ",\"_occurred_at_original\":\"yesterday\"}"),
                arguments("local time without offset is flagged",
                        HEAD + "\"occurred_at\":\"2026-11-24T10:00:00\"}", HEAD + kafka.substring(1) + flag + ",\"_occurred_at_original\":\"2026-11-24T10:00:00\"}"),
                arguments("impossible date is flagged",
                        HEAD + "\"occurred_at\":\"2026-02-30T10:00:00Z\"}", HEAD + kafka.substring(1) + flag + ",\"_occurred_at_original\":\"2026-02-30T10:00:00Z\"}"),
                arguments("fractional epoch is flagged, its number kept",
                        HEAD + "\"occurred_at\":1.7e12}", HEAD + kafka.substring(1) + flag + ",\"_occurred_at_original\":1.7e12}"),
                arguments("object occurred_at is kept sanitized",
                        HEAD + "\"occurred_at\":{\"at\":\"now\",\"ssn\":\"875-51-8221\"}}",
                        HEAD + kafka.substring(1) + flag + ",\"_occurred_at_original\":{\"at\":\"now\",\"ssn\":\"****\"}}"),
                arguments("incoming _occurred_at_source is dropped: the pipeline owns it",
                        HEAD + WHEN + ",\"_occurred_at_source\":\"app\",\"_occurred_at_original\":1}", HEAD + WHEN + "}"),
                arguments("missing event_id is derived from topic, partition and offset",
                        "{\"event_key\":\"a.b\"," + WHEN + "}", "{\"event_key\":\"a.b\"," + WHEN + ",\"event_id\":\"~events-3-42\"}"),
                arguments("an event_id shaped like topic-partition-offset is the producer's own, not a derived id",
                        "{\"event_id\":\"events-3-42\",\"event_key\":\"a.b\"," + WHEN + "}",
                        "{\"event_id\":\"events-3-42\",\"event_key\":\"a.b\"," + WHEN + "}"),
                arguments("an event_id with the mark inside is allowed", "{\"event_id\":\"a~b\",\"event_key\":\"a.b\"," + WHEN + "}",
                        "{\"event_id\":\"a~b\",\"event_key\":\"a.b\"," + WHEN + "}"),
                arguments("occurred_at in year 10000 once in UTC is flagged",
                        HEAD + "\"occurred_at\":\"9999-12-31T23:00:00-05:00\"}",
                        HEAD + kafka.substring(1) + flag + ",\"_occurred_at_original\":\"9999-12-31T23:00:00-05:00\"}"),
                arguments("occurred_at in year 0 once in UTC is flagged",
                        HEAD + "\"occurred_at\":\"0001-01-01T00:00:00+01:00\"}",
                        HEAD + kafka.substring(1) + flag + ",\"_occurred_at_original\":\"0001-01-01T00:00:00+01:00\"}"),
                arguments("epoch millis past year 9999 are flagged",
                        HEAD + "\"occurred_at\":253402300800000}", HEAD + kafka.substring(1) + flag + ",\"_occurred_at_original\":253402300800000}"),
                arguments("event_id with inner spaces is kept",
                        "{\"event_id\":\"a b\u00A0c\",\"event_key\":\"a.b\"," + WHEN + "}",
                        "{\"event_id\":\"a b\u00A0c\",\"event_key\":\"a.b\"," + WHEN + "}"),
                arguments("null event_id is derived",
                        "{\"event_id\":null,\"event_key\":\"a.b\"," + WHEN + "}", "{\"event_key\":\"a.b\"," + WHEN + ",\"event_id\":\"~events-3-42\"}"),
                arguments("64 levels of nesting are allowed",
                        nested(64), nested(64).substring(0, nested(64).length() - 1) + ",\"event_id\":\"~events-3-42\"" + kafka + flag + "}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedRecords")
    void acceptsAndNormalises(String behaviour, String input, String expected) {
        AdmissionVerdict result = admission.admit(utf8(input), "events", 3, 42, KAFKA_MILLIS);

        assertThat(result).isInstanceOfSatisfying(AdmissionVerdict.Accepted.class,
                accepted -> assertThat(new String(accepted.json(), StandardCharsets.UTF_8)).isEqualTo(expected));
    }

    @Test
    void acceptedCarriesKeyIdAndEventTime() {
        AdmissionVerdict result = admission.admit(utf8(HEAD + WHEN + "}"), "events", 3, 42, KAFKA_MILLIS);

        assertThat(result).isEqualTo(new AdmissionVerdict.Accepted("payroll.run.created", "e-1",
                Instant.parse("2026-11-24T15:00:00Z"), ((AdmissionVerdict.Accepted) result).json(), false));
    }

    @Test
    void missingOccurredAtUsesAndFlagsTheKafkaTimestamp() {
        AdmissionVerdict result = admission.admit(utf8("{\"event_key\":\"a.b\"}"), "events", 3, 42, KAFKA_MILLIS);

        assertThat(result).isInstanceOfSatisfying(AdmissionVerdict.Accepted.class, accepted -> {
            assertThat(accepted.occurredAt()).isEqualTo(Instant.ofEpochMilli(KAFKA_MILLIS));
            assertThat(accepted.occurredAtFlagged()).isTrue();
            assertThat(accepted.eventId()).isEqualTo("~events-3-42");
        });
    }

    @Test
    void redeliveryDerivesTheSameEventId() {
        byte[] value = utf8("{\"event_key\":\"a.b\"}");

        AdmissionVerdict first = admission.admit(value, "events", 3, 42, KAFKA_MILLIS);
        AdmissionVerdict again = admission.admit(value, "events", 3, 42, KAFKA_MILLIS + 60_000);

        assertThat(((AdmissionVerdict.Accepted) again).eventId()).isEqualTo(((AdmissionVerdict.Accepted) first).eventId());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventIdDetails")
    void invalidEventIdDetailSaysWhy(String behaviour, String id, String detail) {
        AdmissionVerdict result = admission.admit(utf8(withId(id)), "events", 3, 42, KAFKA_MILLIS);

        assertThat(result).isEqualTo(new AdmissionVerdict.Rejected(RejectReason.INVALID_EVENT_ID, detail));
    }

    static Stream<Arguments> eventIdDetails() {
        return Stream.of(
                arguments("trailing space", "\"e-1 \"",
                        "event_id starts or ends with whitespace (Redshift ignores trailing spaces when comparing)"),
                arguments("leading no-break space", "\"\u00A0e-1\"",
                        "event_id starts or ends with whitespace (Redshift ignores trailing spaces when comparing)"),
                arguments("empty", "\"\"", "event_id is empty"),
                arguments("65 bytes", "\"" + "i".repeat(65) + "\"", "event_id is longer than 64 UTF-8 bytes"),
                arguments("66 bytes in 33 chars", "\"" + "é".repeat(33) + "\"", "event_id is longer than 64 UTF-8 bytes"),
                arguments("control character", "\"a\\u0007b\"", "event_id contains a control character"),
                arguments("a number", "12345", "event_id must be a string"),
                arguments("an object", "{\"id\":\"e-1\"}", "event_id must be a string"));
    }

    static Stream<Arguments> derivedEventIds() {
        String longTopic = "payroll.events." + "x".repeat(50);
        return Stream.of(
                arguments("a short topic keeps the plain form, marked", "events", 3, 42L, "~events-3-42"),
                arguments("exactly 64 bytes keeps the plain form", "a".repeat(58), 3, 42L, "~" + "a".repeat(58) + "-3-42"),
                arguments("65 bytes shortens the topic to a prefix and a hash", "a".repeat(59), 3, 42L,
                        "~aaaaaaaaaaaaaaa~" + sha256Prefix("a".repeat(59)) + "-3-42"),
                arguments("a long topic name", longTopic, 3, 42L, "~payroll.events.~" + sha256Prefix(longTopic) + "-3-42"),
                arguments("another long topic with the same first 15 characters", "payroll.events." + "y".repeat(50), 3, 42L,
                        "~payroll.events.~" + sha256Prefix("payroll.events." + "y".repeat(50)) + "-3-42"),
                arguments("the longest topic, partition and offset Kafka allows", "t".repeat(249),
                        Integer.MAX_VALUE, Long.MAX_VALUE, "~ttttttttttttttt~" + sha256Prefix("t".repeat(249))
                                + "-2147483647-9223372036854775807"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("derivedEventIds")
    void derivedEventIdFitsTheColumnAndIsTheSameOnRedelivery(String behaviour, String topic, int partition, long offset,
                                                             String expected) {
        byte[] value = utf8("{\"event_key\":\"a.b\"}");

        AdmissionVerdict first = admission.admit(value, topic, partition, offset, KAFKA_MILLIS);
        AdmissionVerdict again = admission.admit(value, topic, partition, offset, KAFKA_MILLIS + 60_000);

        String id = ((AdmissionVerdict.Accepted) first).eventId();
        assertThat(id).isEqualTo(expected).isEqualTo(((AdmissionVerdict.Accepted) again).eventId());
        assertThat(id.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(PipelineFieldChecks.MAX_EVENT_ID_BYTES);
        assertThat(PipelineFieldChecks.storedEventIdProblem(id)).isNull();
        assertThat(PipelineFieldChecks.eventIdProblem(id)).as("no producer may send a derived id").isNotNull();
    }

    @Test
    void topicsTakenInTurnEachKeepTheirOwnDerivedId() {
        byte[] value = utf8("{\"event_key\":\"a.b\"}");
        String x = "payroll.events." + "x".repeat(50);
        String y = "payroll.events." + "y".repeat(50);

        String first = ((AdmissionVerdict.Accepted) admission.admit(value, x, 0, 7, KAFKA_MILLIS)).eventId();
        String other = ((AdmissionVerdict.Accepted) admission.admit(value, y, 0, 7, KAFKA_MILLIS)).eventId();
        String again = ((AdmissionVerdict.Accepted) admission.admit(value, x, 0, 7, KAFKA_MILLIS)).eventId();

        assertThat(first).isEqualTo(again).isNotEqualTo(other);
    }

    @Test
    void documentOfExactlyTheLimitIsAccepted() {
        byte[] value = padded(MIB);

        assertThat(value).hasSize(MIB);
        assertThat(admission.admit(value, "events", 3, 42, KAFKA_MILLIS)).isInstanceOf(AdmissionVerdict.Accepted.class);
    }

    @Test
    void heartbeatIsDroppedByItsRule() {
        AdmissionVerdict result = admission.admit(utf8("{\"event_key\":\"payroll.heartbeat\"}"), "events", 3, 42, KAFKA_MILLIS);

        assertThat(result).isEqualTo(new AdmissionVerdict.Dropped("payroll.heartbeat", "drop *.heartbeat"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("reasonCodes")
    void reasonCodeIsLowerSnake(RejectReason reason, String code) {
        assertThat(reason.code()).isEqualTo(code);
    }

    static Stream<Arguments> reasonCodes() {
        return Stream.of(arguments(RejectReason.NOT_JSON, "not_json"), arguments(RejectReason.INVALID_UTF8, "invalid_utf8"),
                arguments(RejectReason.MISSING_EVENT_KEY, "missing_event_key"), arguments(RejectReason.TOO_DEEP, "too_deep"),
                arguments(RejectReason.UNSUPPORTED_CHARACTER, "unsupported_character"),
                arguments(RejectReason.STRING_TOO_LONG, "string_too_long"),
                arguments(RejectReason.NUMBER_OUT_OF_RANGE, "number_out_of_range"),
                arguments(RejectReason.INVALID_OCCURRED_AT, "invalid_occurred_at"));
    }

    /** A valid event padded with a filler string to exactly {@code size} bytes. */
    static byte[] padded(int size) {
        String head = HEAD + WHEN + ",\"pad\":\"";
        String tail = "\"}";
        return utf8(head + "p".repeat(size - head.length() - tail.length()) + tail);
    }

    /** An event whose top-level object plus nested objects make {@code depth} levels. */
    static String nested(int depth) {
        return "{\"event_key\":\"a.b\",\"n\":" + "{\"n\":".repeat(depth - 2) + "{}" + "}".repeat(depth - 1);
    }

    static String sha256Prefix(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(utf8(text));
            return java.util.HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid event whose event_id is the given JSON value. */
    static String withId(String idJson) {
        return "{\"event_id\":" + idJson + ",\"event_key\":\"a.b\"," + WHEN + "}";
    }

    static String manyFields(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
        }
        return s.toString();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Concatenates text (as UTF-8) and raw byte values. */
    static byte[] bytes(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.writeBytes(utf8(s));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }

    /** String literals of 3+ characters in the input: none may leak into a reject detail. */
    static java.util.List<String> stringContents(byte[] value) {
        if (value == null || value.length > 4096) {
            return java.util.List.of();
        }
        Matcher m = Pattern.compile("\"([^\"\\\\]{3,})\"").matcher(new String(value, StandardCharsets.ISO_8859_1));
        java.util.List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
