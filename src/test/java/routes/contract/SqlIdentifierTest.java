package routes.contract;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlIdentifierTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "events, public.events",
            "public.events, public.events",
            "analytics.payroll_events, analytics.payroll_events",
            "_x1, public._x1",
    })
    void acceptsLowerCaseOneOrTwoParts(String input, String sql) {
        assertThat(SqlIdentifier.of(input).sql()).isEqualTo(sql);
    }

    @ParameterizedTest(name = "refuses [{0}]")
    @ValueSource(strings = {
            "", "events; drop table x", "\"quoted\"", "a.b.c", "select", "public.select", "Events",
            "public.Events", "1events", "events-x", "events x", "public.", ".events", "events'", "ev\u00e9nts",
            "events--", "e/*x*/"})
    void refusesAnythingElse(String input) {
        assertThatThrownBy(() -> SqlIdentifier.of(input)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(input.isEmpty() ? "\u0000" : input);
    }

    @org.junit.jupiter.api.Test
    void refusesNull() {
        assertThat(SqlIdentifier.isValid(null)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void refusesPartsLongerThan127() {
        assertThat(SqlIdentifier.isValid("a".repeat(127))).isTrue();
        assertThat(SqlIdentifier.isValid("a".repeat(128))).isFalse();
        assertThat(SqlIdentifier.isValid("a".repeat(200))).isFalse();
    }

    /** One row per word the first review missed, each from AWS's list (r_pg_keywords), as schema, table or column. */
    @ParameterizedTest(name = "refuses Redshift's reserved word [{0}]")
    @CsvSource({
            "raw.events", "public.snapshot", "system", "tag", "timestamp", "open", "new", "old", "partition",
            "identity", "percent", "offline", "analytics.encode", "pivot", "unnest", "wallet", "without",
            "credentials", "gzip", "az64", "lzo", "current_user_id", "interval", "nulls", "top", "minus"})
    void refusesEveryRedshiftReservedWord(String input) {
        assertThat(SqlIdentifier.problem(input)).startsWith("reserved word");
    }

    @org.junit.jupiter.api.Test
    void theWholeRedshiftListIsRefusedAndWordsOutsideItAreNot() {
        assertThat(SqlIdentifier.REDSHIFT_RESERVED).hasSize(156)
                .allSatisfy(word -> assertThat(SqlIdentifier.isValid(word)).as(word).isFalse());
        // not reserved on Redshift (START and CONNECT only need care as aliases), so they stay usable
        assertThat(SqlIdentifier.isValid("analytics.start")).isTrue();
        assertThat(SqlIdentifier.isValid("events_raw")).isTrue();
    }
}
