package routes.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.PipelineBeans;
import routes.config.PipelineSettings;
import routes.config.Setting;

/**
 * The same event through the admission of each dialect, built from settings as the batcher builds it:
 * PostgreSQL's jsonb keeps everything the batcher accepts, Redshift's SUPER refuses long strings and numbers
 * it cannot hold exactly (reasons in docs/redshift.md). A null reason means accepted.
 */
class WarehouseValueLimitsTest {

    static final long KAFKA_MILLIS = 1_764_000_000_000L;
    static final String HEAD = "{\"event_id\":\"e-1\",\"event_key\":\"payroll.run.created\","
            + "\"occurred_at\":\"2026-11-24T10:00:00Z\",";
    static final int SUPER_LIMIT = WarehouseValueLimits.REDSHIFT_DEFAULT_MAX_STRING_BYTES;

    static final EventAdmission POSTGRESQL = admission("postgresql");
    static final EventAdmission REDSHIFT = admission("redshift");

    static Stream<Arguments> strings() {
        String rs = RejectReason.STRING_TOO_LONG.name();
        return Stream.of(
                arguments("a string of exactly the limit in ASCII", value(quoted("s".repeat(SUPER_LIMIT))), null),
                arguments("a string one byte over the limit", value(quoted("s".repeat(SUPER_LIMIT + 1))), rs),
                arguments("three-byte characters exactly at the limit", value(quoted("€".repeat(SUPER_LIMIT / 3))), null),
                arguments("three-byte characters one past the limit", value(quoted("€".repeat(SUPER_LIMIT / 3 + 1))), rs),
                arguments("emoji: 4 bytes each, 65,536 in all", value(quoted("😀".repeat(16_384))), rs),
                arguments("emoji and ASCII: 65,535 bytes in all", value(quoted("😀".repeat(16_383) + "abc")), null),
                arguments("escapes count as the characters they decode to", value(quoted("\\u0041".repeat(SUPER_LIMIT + 1))), rs),
                arguments("a long string deep in arrays and objects", "{\"event_key\":\"a.b\",\"d\":[{\"x\":[" + quoted("s".repeat(70_000)) + "]}]}", rs),
                arguments("a long field name", HEAD + quoted("k".repeat(SUPER_LIMIT + 1)) + ":1}", rs),
                arguments("a long field name in a nested object", HEAD + "\"d\":{" + quoted("k".repeat(SUPER_LIMIT + 1)) + ":1}}", rs),
                arguments("a field name of exactly the limit", HEAD + quoted("k".repeat(SUPER_LIMIT)) + ":1}", null),
                arguments("a masked long value is written masked", HEAD + "\"ssn\":" + quoted("9".repeat(70_000)) + "}", null),
                arguments("a hashed long value is written as its hash", HEAD + "\"email\":" + quoted("e".repeat(70_000)) + "}", null),
                arguments("a hashed object holding long strings", HEAD + "\"email\":{\"a\":" + quoted("e".repeat(70_000)) + "}}", null),
                arguments("a long unparseable occurred_at is written as _occurred_at_original",
                        "{\"event_key\":\"a.b\",\"occurred_at\":" + quoted("t".repeat(70_000)) + "}", rs));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strings")
    void longStringsAreRefusedOnlyForRedshift(String behaviour, String event, String redshiftReason) {
        assertAdmission(event, null, redshiftReason);
    }

    static Stream<Arguments> numbers() {
        String out = RejectReason.NUMBER_OUT_OF_RANGE.name();
        return Stream.of(
                arguments("an ordinary integer", "42", null),
                arguments("the largest BIGINT", "9223372036854775807", null),
                arguments("the smallest BIGINT", "-9223372036854775808", null),
                arguments("one above the largest BIGINT", "9223372036854775808", out),
                arguments("one below the smallest BIGINT", "-9223372036854775809", out),
                arguments("a 20-digit integer", "12345678901234567890", out),
                arguments("a 40-digit integer", "1234567890123456789012345678901234567890", out),
                arguments("minus zero: equal to 0, as BIGINT and jsonb keep it", "-0", null),
                arguments("minus zero with a fraction", "-0.0", null),
                arguments("minus zero as a float: FLOAT8 has a signed zero", "-0e0", null),
                arguments("zero with an enormous exponent", "0e999999999999", null),
                arguments("an ordinary decimal", "0.1", null),
                arguments("a decimal with trailing zeros", "0.10", null),
                arguments("a decimal of 38 digits", "1234567890123456789012345678901234567.8", null),
                arguments("a decimal of 39 digits", "12345678901234567890123456789012345678.9", out),
                arguments("37 digits after the point", "0." + "0".repeat(36) + "1", null),
                arguments("38 digits after the point", "0." + "0".repeat(37) + "1", out),
                arguments("a 19-digit decimal at the 8-byte limit", "922337203685477580.7", null),
                arguments("a 19-digit decimal over the 8-byte limit", "922337203685477580.8", out),
                arguments("19 digits all after the point, over the 8-byte limit", "0.9999999999999999999", out),
                arguments("19 digits after the point with a leading zero", "0.0999999999999999999", null),
                arguments("a 20-digit decimal is a 16-byte DECIMAL", "99999999999999999999.5", null),
                arguments("a float", "1.5e3", null),
                arguments("a float with a capital E and a plus", "1E+2", null),
                arguments("a float that is an integer in disguise", "123e-2", null),
                arguments("1e308", "1e308", null),
                arguments("the largest double", "1.7976931348623157e308", null),
                arguments("just over the largest double", "1.8e308", out),
                arguments("1e400 overflows", "1e400", out),
                arguments("-1E400 overflows", "-1E400", out),
                arguments("a mantissa that carries the exponent over", "100000e304", out),
                arguments("a mantissa that brings it back in range", "0.00001e312", null),
                arguments("the smallest normal double", "2.2250738585072014e-308", null),
                arguments("a subnormal double", "1e-308", out),
                arguments("the smallest subnormal double", "4.9e-324", out),
                arguments("1e-400 underflows", "-1e-400", out),
                arguments("an exponent of eleven digits", "1e99999999999", out),
                arguments("a negative exponent of eleven digits", "1e-99999999999", out),
                arguments("a long mantissa is rounded like any double, not refused", "3.14159265358979323846264338327950288e0", null));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("numbers")
    void numbersSuperCannotHoldAreRefusedOnlyForRedshift(String behaviour, String number, String redshiftReason) {
        assertAdmission(value(number), null, redshiftReason);
        assertAdmission(HEAD + "\"d\":{\"n\":[1," + number + "]}}", null, redshiftReason);
    }

    static Stream<Arguments> numbersNotWritten() {
        return Stream.of(
                arguments("in a hashed field", HEAD + "\"email\":1e400}", null),
                arguments("in an object under a hashed field", HEAD + "\"email\":{\"n\":1e400}}", null),
                arguments("in a masked field", HEAD + "\"ssn\":12345678901234567890123}", null),
                arguments("as occurred_at, kept as _occurred_at_original", "{\"event_key\":\"a.b\",\"occurred_at\":1e400}",
                        RejectReason.NUMBER_OUT_OF_RANGE.name()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numbersNotWritten")
    void onlyNumbersThatAreWrittenMatter(String behaviour, String event, String redshiftReason) {
        assertAdmission(event, null, redshiftReason);
    }

    static Stream<Arguments> eventIds() {
        String invalid = RejectReason.INVALID_EVENT_ID.name();
        return Stream.of(
                arguments("a trailing space", "{\"event_id\":\"e-1 \",\"event_key\":\"a.b\"}", invalid, invalid),
                arguments("a leading no-break space", "{\"event_id\":\"\u00A0e-1\",\"event_key\":\"a.b\"}", invalid, invalid),
                arguments("inner spaces", "{\"event_id\":\"e 1\",\"event_key\":\"a.b\"}", null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventIds")
    void eventIdRulesAreTheSameInBothDialects(String behaviour, String event, String postgresReason, String redshiftReason) {
        assertAdmission(event, postgresReason, redshiftReason);
    }

    @Test
    void derivedEventIdsAreTheSameInBothDialects() {
        byte[] event = utf8("{\"event_key\":\"a.b\"}");
        String topic = "payroll.events." + "x".repeat(50);

        String postgres = ((AdmissionVerdict.Accepted) POSTGRESQL.admit(event, topic, 3, 42, KAFKA_MILLIS)).eventId();
        String redshift = ((AdmissionVerdict.Accepted) REDSHIFT.admit(event, topic, 3, 42, KAFKA_MILLIS)).eventId();

        assertThat(redshift).isEqualTo(postgres).isEqualTo("~payroll.events.~07b4440522e50c70-3-42");
    }

    @Test
    void acceptedNumbersKeepTheirTextInBothDialects() {
        String event = HEAD + "\"n\":[9223372036854775807,-0,-0.0,0.10,1E+2,2.2250738585072014e-308]}";

        for (EventAdmission admission : new EventAdmission[] {POSTGRESQL, REDSHIFT}) {
            AdmissionVerdict result = admission.admit(utf8(event), "events", 3, 42, KAFKA_MILLIS);
            assertThat(new String(((AdmissionVerdict.Accepted) result).json(), StandardCharsets.UTF_8)).isEqualTo(event);
        }
    }

    @Test
    void stringTooLongDetailNamesKindSizeAndLimitButNotTheContent() {
        String secret = "s".repeat(SUPER_LIMIT + 1);

        AdmissionVerdict result = REDSHIFT.admit(utf8(HEAD + "\"d\":[" + quoted(secret) + "]}"), "events", 3, 42, KAFKA_MILLIS);

        assertThat(result).isEqualTo(new AdmissionVerdict.Rejected(RejectReason.STRING_TOO_LONG,
                "string value of 65536 UTF-8 bytes at depth 2, over the limit of 65535"));
    }

    @Test
    void numberOutOfRangeDetailSaysWhyButNotTheNumber() {
        AdmissionVerdict result = REDSHIFT.admit(utf8(HEAD + "\"d\":{\"n\":12345678901234567890}}"), "events", 3, 42, KAFKA_MILLIS);

        assertThat(result).isEqualTo(new AdmissionVerdict.Rejected(RejectReason.NUMBER_OUT_OF_RANGE,
                "number at depth 2: integer outside the signed 64-bit range"));
    }

    @Test
    void aClusterWithLargeStringsRaisesTheLimitThroughTheSetting() {
        EventAdmission largeStrings = admission(settings("redshift")
                .set(Setting.WAREHOUSE_REDSHIFT_MAX_STRING_BYTES, "200000").build());

        assertThat(largeStrings.admit(utf8(value(quoted("s".repeat(200_000)))), "events", 3, 42, KAFKA_MILLIS))
                .isInstanceOf(AdmissionVerdict.Accepted.class);
        assertThat(largeStrings.admit(utf8(value(quoted("s".repeat(200_001)))), "events", 3, 42, KAFKA_MILLIS))
                .isInstanceOfSatisfying(AdmissionVerdict.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectReason.STRING_TOO_LONG));
    }

    @Test
    void theStringLimitSettingDoesNothingForPostgresql() {
        EventAdmission postgres = admission(settings("postgresql")
                .set(Setting.WAREHOUSE_REDSHIFT_MAX_STRING_BYTES, "10").build());

        assertThat(postgres.admit(utf8(value(quoted("s".repeat(100)))), "events", 3, 42, KAFKA_MILLIS))
                .isInstanceOf(AdmissionVerdict.Accepted.class);
    }

    @Test
    void anUnknownDialectOrAStringLimitNoClusterHasFailsAtStart() {
        assertThatThrownBy(() -> admission("oracle"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Setting.WAREHOUSE_DIALECT);
        assertThatThrownBy(() -> admission(settings("redshift").set(Setting.WAREHOUSE_REDSHIFT_MAX_STRING_BYTES, "0").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Setting.WAREHOUSE_REDSHIFT_MAX_STRING_BYTES).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> admission(settings("redshift").set(Setting.WAREHOUSE_REDSHIFT_MAX_STRING_BYTES, "16000001").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Setting.WAREHOUSE_REDSHIFT_MAX_STRING_BYTES).hasMessageContaining("no more than 16000000");
    }

    static void assertAdmission(String event, String postgresReason, String redshiftReason) {
        assertOutcome(POSTGRESQL.admit(utf8(event), "events", 3, 42, KAFKA_MILLIS), postgresReason, "postgresql");
        assertOutcome(REDSHIFT.admit(utf8(event), "events", 3, 42, KAFKA_MILLIS), redshiftReason, "redshift");
    }

    static void assertOutcome(AdmissionVerdict result, String reason, String dialect) {
        if (reason == null) {
            assertThat(result).as(dialect).isInstanceOf(AdmissionVerdict.Accepted.class);
        } else {
            assertThat(result).as(dialect).isInstanceOfSatisfying(AdmissionVerdict.Rejected.class, r -> {
                assertThat(r.reason().name()).isEqualTo(reason);
                assertThat(r.detail()).isNotBlank().hasSizeLessThan(120);
            });
        }
    }

    static EventAdmission admission(String dialect) {
        return admission(settings(dialect).build());
    }

    static EventAdmission admission(PipelineSettings settings) {
        return PipelineBeans.eventAdmission(settings);
    }

    static PipelineSettings.Builder settings(String dialect) {
        return PipelineSettings.builder()
                .set(Setting.SANITIZE_HMAC_KEY, "test-hmac-key-of-at-least-32-bytes")
                .set(Setting.WAREHOUSE_DIALECT, dialect);
    }

    /** An event with {@code json} as the value of field {@code v}. */
    static String value(String json) {
        return HEAD + "\"v\":" + json + "}";
    }

    static String quoted(String s) {
        return "\"" + s + "\"";
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
