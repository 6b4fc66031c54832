package routes.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OccurredAtParserTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "invalid", value = {
            "2026-11-24T10:00:00.000-05:00, 2026-11-24T15:00:00Z",
            "2026-11-24T10:00:00-05:00, 2026-11-24T15:00:00Z",
            "2026-11-24T10:00:00.123456789Z, 2026-11-24T10:00:00.123456789Z",
            "2026-11-24T10:00:00.5+05:30, 2026-11-24T04:30:00.500Z",
            "2026-11-24T10:00Z, 2026-11-24T10:00:00Z",
            "2026-11-24t10:00:00z, 2026-11-24T10:00:00Z",
            "0001-01-01T00:00:00Z, 0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999Z, 9999-12-31T23:59:59.999Z",
            "2024-02-29T00:00:00Z, 2024-02-29T00:00:00Z",
            "2026-02-29T00:00:00Z, invalid",
            "2026-11-24T24:00:00Z, invalid",
            "2026-11-24T10:00:60Z, invalid",
            "2026-11-24T10:00:00+19:00, invalid",
            "2026-11-24T10:00:00, invalid",
            "2026-11-24T10:00:00.Z, 2026-11-24T10:00:00Z",
            "2026-11-24T10:00:00.1234567890Z, invalid",
            "0000-01-01T00:00:00Z, invalid",
            "+10000-01-01T00:00:00Z, invalid",
            "2026-11-24 10:00:00Z, invalid",
            "9999-12-31T23:00:00-05:00, invalid",
            "0001-01-01T00:00:00+01:00, invalid",
            "0001-01-01T01:00:00+01:00, 0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999Z, 9999-12-31T23:59:59.999999Z",
            "9999-12-31T23:59:59.9999991Z, invalid",
            "+10000-01-01T00:00:00+01:00, invalid",
            "0000-12-31T23:00:00-01:00, invalid",
            "2026-11-24T10:00:00+14:59, 2026-11-23T19:01:00Z",
            "2026-11-24T10:00:00-14:59, 2026-11-25T00:59:00Z",
            "2026-11-24T10:00:00+15:00, invalid",
            "2026-11-24T10:00:00-18:00, invalid",
            "yesterday, invalid"})
    // The JDK ISO parser (the authority behind the fast path) accepts a bare "." before the offset.
    void parsesIsoWithOffsetOnly(String text, String expected) {
        assertThat(OccurredAtParser.parseIso(text)).isEqualTo(expected == null ? null : Instant.parse(expected));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "invalid", value = {
            "-62135596800000, 0001-01-01T00:00:00Z",
            "-62135596800001, invalid",
            "253402300799999, 9999-12-31T23:59:59.999Z",
            "253402300800000, invalid",
            "9223372036854775807, invalid",
            "-1, 1969-12-31T23:59:59.999Z"})
    void epochMillisAreCheckedOnTheSameRange(long millis, String expected) {
        assertThat(OccurredAtParser.fromEpochMillis(millis)).isEqualTo(expected == null ? null : Instant.parse(expected));
    }
}
