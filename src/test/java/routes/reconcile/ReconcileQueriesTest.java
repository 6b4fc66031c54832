package routes.reconcile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReconcileQueriesTest {

    private static final Instant FROM = Instant.parse("2026-11-25T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-26T00:00:00Z");

    @ParameterizedTest(name = "table [{0}] is refused")
    @ValueSource(strings = {"events; drop table x", "\"events\"", "events'", "a.b.c", "Events", "public.Events",
            "select", "", "events x", "events--"})
    void refusesTableIdentifiers(String table) {
        assertThatThrownBy(() -> TableMapping.contract(table)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid table identifier");
    }

    @ParameterizedTest(name = "column [{0}] is refused")
    @ValueSource(strings = {"event_id; drop table x", "\"event_id\"", "t.event_id", "Event_Id", "select", "",
            "id)--", "a b"})
    void refusesColumnIdentifiers(String column) {
        assertThatThrownBy(() -> TableMapping.of("legacy.events", column, "event_key", "occurred_at", "payload", "loaded_at"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid id column identifier")
                .hasMessageNotContaining(column.isEmpty() ? "\u0000" : column);
    }

    @ParameterizedTest(name = "ignore path [{0}] is refused")
    @ValueSource(strings = {"a.b.c", "data.", "x}", "a,b{", "data.na me", "null", "data.'x'"})
    void refusesIgnorePaths(String path) {
        assertThatThrownBy(() -> new IgnoredPaths(List.of(path))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "glob {0} -> LIKE {1}")
    @CsvSource(delimiter = '|', value = {
            "payroll.*|payroll.%",
            "a?c|a_c",
            "under_score*|under\\_score%"})
    void keyPatternBecomesEscapedLike(String glob, String like) {
        assertThat(new KeyPattern(glob).like()).isEqualTo(like);
    }

    /** The one glob of the pipeline: a character no event key has could only ever match nothing. */
    @ParameterizedTest(name = "key pattern [{0}] is refused")
    @ValueSource(strings = {"100%", "back\\slash", "a b", "x'--"})
    void keyPatternOutsideTheEventKeyCharactersIsRefused(String glob) {
        assertThatThrownBy(() -> new KeyPattern(glob)).hasMessageStartingWith("--key-pattern");
    }

    @Test
    void refusesTheSameTableOnBothSides() {
        assertThatThrownBy(() -> options("public.events", "events", "*", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyQueryBindsTheWindowAndPatternAndNeverInlinesThem() {
        ReconcileQueries queries = ReconcileQueries.postgres(options("public.events", "legacy.events", "payroll.*",
                List.of("_occurred_at_source", "data.note")));
        for (BoundQuery q : all(queries)) {
            assertThat(q.sql()).contains("occurred_at >= ? AND occurred_at < ?")
                    .doesNotContain("2026-11-2").doesNotContain("payroll").doesNotContain("_occurred_at_source")
                    .containsAnyOf("FROM public.events WHERE", "FROM legacy.events WHERE")
                    .contains("event_key LIKE ?").doesNotContain(";");
            assertThat(q.parameters()).contains(FROM, TO, "payroll.%");
        }
        assertThat(queries.contentDifferences().parameters())
                .contains("{_occurred_at_source}", "{data,note}").doesNotContain(20);
        assertThat(queries.contentDifferences().sql()).contains("ORDER BY id LIMIT 20)");
    }

    @Test
    void recheckHoursBecomeOneBoundRangeEach() {
        ReconcileOptions o = options("public.events", "legacy.events", "*", List.of())
                .withWindow(TimeWindow.hours(List.of(FROM, FROM.plusSeconds(7200))));
        BoundQuery q = ReconcileQueries.postgres(o).countsPerKeyHour();
        assertThat(q.sql()).doesNotContain("LIKE");
        assertThat(q.parameters()).containsExactly(FROM, FROM.plusSeconds(3600), FROM.plusSeconds(7200),
                FROM.plusSeconds(10800), FROM, FROM.plusSeconds(3600), FROM.plusSeconds(7200), FROM.plusSeconds(10800));
    }

    @Test
    void legacyColumnNamesComeFromTheMapping() {
        ReconcileOptions o = new ReconcileOptions(TimeWindow.of(FROM, TO), TableMapping.contract("public.events"),
                TableMapping.of("legacy.logstash_events", "uuid", "name", "ts", "doc", "ingested_at"),
                new KeyPattern("*"), new IgnoredPaths(List.of()), 20, 60);
        String sql = ReconcileQueries.postgres(o).idsPerKeyHour().sql();
        assertThat(sql).contains("SELECT uuid AS id, name AS k, ts AS o, ingested_at AS ld, ((doc)::jsonb) AS p"
                + " FROM legacy.logstash_events WHERE ((ts >= ? AND ts < ?))");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "2026-11-25T00:00:00Z, 2026-11-25T00:00:00Z",
            "2026-11-25T00:00:00-05:00, 2026-11-25T05:00:00Z",
            "2026-11-25T03:30, 2026-11-25T03:30:00Z",
            "2026-11-25, 2026-11-25T00:00:00Z"})
    void parsesWindowTimes(String text, String instant) {
        assertThat(TimeWindow.parse(text, "--from")).isEqualTo(Instant.parse(instant));
    }

    @ParameterizedTest(name = "[{0}] is refused")
    @ValueSource(strings = {"yesterday", "2026-13-01", "1764028800000", ""})
    void refusesOtherTimes(String text) {
        assertThatThrownBy(() -> TimeWindow.parse(text, "--from")).hasMessageStartingWith("--from is not an ISO-8601 time");
    }

    private static List<BoundQuery> all(ReconcileQueries q) {
        return Stream.<Function<ReconcileQueries, BoundQuery>>of(ReconcileQueries::countsPerKeyHour,
                ReconcileQueries::idsPerKeyHour, x -> x.onlyIn(true), x -> x.onlyIn(false), x -> x.duplicates(true),
                x -> x.duplicates(false), ReconcileQueries::contentDifferences, ReconcileQueries::latencyPerHour,
                ReconcileQueries::loadedPerMinute).map(f -> f.apply(q)).toList();
    }

    private static ReconcileOptions options(String table, String legacy, String pattern, List<String> ignore) {
        return new ReconcileOptions(TimeWindow.of(FROM, TO), TableMapping.contract(table), TableMapping.contract(legacy),
                new KeyPattern(pattern), new IgnoredPaths(ignore), 20, 60);
    }
}
