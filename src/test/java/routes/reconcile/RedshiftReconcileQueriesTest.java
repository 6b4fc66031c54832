package routes.reconcile;

import routes.contract.Warehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every reconcile statement as the Redshift dialect builds it, one row per statement. */
class RedshiftReconcileQueriesTest {

    private static final Instant FROM = Instant.parse("2026-11-25T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-26T00:00:00Z");
    private static final String LEGACY_JSON = "CASE WHEN CAN_JSON_PARSE(doc) THEN JSON_PARSE(doc) END";
    private static final String IGNORING = " SET '\"_occurred_at_source\"', '(ignored)', '\"data\".\"note\"', '(ignored)')";

    private static final ReconcileQueries QUERIES = ReconcileQueries.redshift(options(PayloadType.VARCHAR,
            List.of("_occurred_at_source", "data.note")));

    /** (statement, bound values, text it must contain, text it must not contain). */
    static Stream<Arguments> statements() {
        return Stream.of(
                row("countsPerKeyHour", ReconcileQueries::countsPerKeyHour, 6,
                        List.of("date_trunc('hour', o)", "count(DISTINCT id)"),
                        List.of("JSON_PARSE", "OBJECT_TRANSFORM", "UNPIVOT")),
                row("idsPerKeyHour", ReconcileQueries::idsPerKeyHour, 6,
                        List.of("OBJECT_TRANSFORM(payload" + IGNORING, "OBJECT_TRANSFORM(" + LEGACY_JSON + IGNORING,
                                "CASE WHEN JSON_SIZE(p) <= 65535 THEN MD5(JSON_SERIALIZE(p)) END",
                                "NOT coalesce(n.h = l.h, false)", "FULL OUTER JOIN"),
                        List.of("jsonb", "#-", "UNPIVOT")),
                row("onlyIn(new)", q -> q.onlyIn(true), 6,
                        List.of("LEFT JOIN b ON a.id = b.id WHERE b.id IS NULL ORDER BY a.id LIMIT 20"),
                        List.of("JSON_PARSE", "OBJECT_TRANSFORM")),
                row("onlyIn(legacy)", q -> q.onlyIn(false), 6,
                        List.of("LEFT JOIN b ON a.id = b.id WHERE b.id IS NULL ORDER BY a.id LIMIT 20"),
                        List.of("JSON_PARSE", "OBJECT_TRANSFORM")),
                row("duplicates(new)", q -> q.duplicates(true), 3,
                        List.of("HAVING count(*) > 1 ORDER BY id LIMIT 20", "FROM public.events"),
                        List.of("legacy.logstash_events", "JSON_PARSE")),
                row("duplicates(legacy)", q -> q.duplicates(false), 3,
                        List.of("HAVING count(*) > 1 ORDER BY id LIMIT 20", "FROM legacy.logstash_events"),
                        List.of("public.events", "JSON_PARSE")),
                row("contentDifferences", ReconcileQueries::contentDifferences, 6,
                        List.of("OBJECT_TRANSFORM(" + LEGACY_JSON + IGNORING,
                                "WHERE NOT (n.p IS NOT NULL AND l.p IS NOT NULL AND coalesce(n.p = l.p, false))",
                                "WHERE NOT (IS_OBJECT(a) AND IS_OBJECT(b))", "'(payload missing or not valid JSON)'",
                                "UNPIVOT o.a AS v AT f", "UNPIVOT o.b AS v AT f",
                                "UNPIVOT t.av AS v AT g", "UNPIVOT t.bv AS v AT g",
                                "((x.v IS NULL AND y.v IS NULL) OR coalesce(x.v = y.v, false))",
                                "f || '.' || g", "PARTITION BY id ORDER BY ld"),
                        // SUPER may not be in RIGHT or FULL OUTER joins; TOP is a reserved word; text digests
                        // are key-order sensitive and must not decide content.
                        List.of("FULL OUTER JOIN", "RIGHT JOIN", " top ", "JSON_SERIALIZE", "MD5")),
                row("latencyPerHour", ReconcileQueries::latencyPerHour, 6,
                        List.of("DATEDIFF(ms, o, ld) AS lat", "percentile_cont(0.5) WITHIN GROUP (ORDER BY lat)",
                                "percentile_cont(0.95) WITHIN GROUP (ORDER BY lat)",
                                "percentile_cont(0.99) WITHIN GROUP (ORDER BY lat)"),
                        List.of("extract(epoch", "JSON_PARSE")),
                row("loadedPerMinute", ReconcileQueries::loadedPerMinute, 6,
                        List.of("date_trunc('minute', ld)"),
                        List.of("JSON_PARSE", "DATEDIFF")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statements")
    void statementSaysWhatMattersAndBindsEveryValue(String name, Function<ReconcileQueries, BoundQuery> build,
                                                   int values, List<String> contains, List<String> absent) {
        BoundQuery q = build.apply(QUERIES);

        assertThat(q.sql()).contains(contains);
        absent.forEach(text -> assertThat(q.sql()).doesNotContain(text));
        assertThat(q.parameters()).hasSize(values)
                .hasSize((int) q.sql().chars().filter(c -> c == '?').count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statements")
    void statementReadsOnlyAndKeepsWindowAndPatternOutOfTheText(String name, Function<ReconcileQueries, BoundQuery> build) {
        BoundQuery q = build.apply(QUERIES);

        assertThat(q.sql()).doesNotContain(";").doesNotContainIgnoringCase("LOCK ")
                .doesNotContainIgnoringCase("INSERT").doesNotContainIgnoringCase("DELETE")
                .doesNotContainIgnoringCase("UPDATE ").doesNotContainIgnoringCase("CREATE")
                .doesNotContain("2026-11-2").doesNotContain("payroll")
                .containsAnyOf("occurred_at >= ? AND occurred_at < ?", "ts >= ? AND ts < ?")
                .containsAnyOf("event_key LIKE ?", "name LIKE ?");
        // Only the window and the LIKE pattern are ever bound; the sample size is a validated int written inline
        // (Redshift takes no bound LIMIT); nothing else reaches SQL.
        assertThat(q.parameters()).allMatch(v -> v.equals(FROM) || v.equals(TO) || v.equals("payroll.%"));
    }

    @Test
    void superLegacyPayloadIsComparedAsItIs() {
        String sql = ReconcileQueries.redshift(options(PayloadType.SUPER, List.of("data.note"))).contentDifferences().sql();

        assertThat(sql).contains("OBJECT_TRANSFORM(doc SET '\"data\".\"note\"', '(ignored)') AS p")
                .doesNotContain("JSON_PARSE");
    }

    @Test
    void withoutIgnoredPathsPayloadsAreNotTransformed() {
        String sql = ReconcileQueries.redshift(options(PayloadType.VARCHAR, List.of())).idsPerKeyHour().sql();

        assertThat(sql).contains("(payload) AS p", "(" + LEGACY_JSON + ") AS p").doesNotContain("OBJECT_TRANSFORM");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "data.note|'\"data\".\"note\"'",
            "_occurred_at_source|'\"_occurred_at_source\"'",
            "a-b.$c@|'\"a-b\".\"$c@\"'"})
    void ignoredPathBecomesAQuotedPathLiteral(String path, String literal) {
        assertThat(RedshiftReconcileDialect.pathLiteral(new IgnoredPaths(List.of(path)).paths().get(0))).isEqualTo(literal);
    }

    @ParameterizedTest(name = "ignore path [{0}] never reaches SQL")
    @ValueSource(strings = {"a'b", "a\"b", "a?b", "a\\b", "a b", "a;b"})
    void ignoredPathsThatCouldBreakTheLiteralAreRefused(String path) {
        assertThatThrownBy(() -> new IgnoredPaths(List.of(path))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sessionRunsInUtcWithExactAttributeNames() {
        assertThat(new RedshiftReconcileDialect().sessionSetup())
                .containsExactly("SET timezone TO 'UTC'", "SET enable_case_sensitive_super_attribute TO true");
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource({"varchar, VARCHAR", "super, SUPER", "' Super ', SUPER", "VARCHAR, VARCHAR"})
    void payloadTypeSettingIsVarcharOrSuper(String setting, PayloadType type) {
        assertThat(PayloadType.parse(setting)).isEqualTo(type);
    }

    @ParameterizedTest(name = "[{0}] is refused")
    @ValueSource(strings = {"json", "jsonb", "text", ""})
    void otherPayloadTypesAreRefused(String setting) {
        assertThatThrownBy(() -> PayloadType.parse(setting)).hasMessage("pipeline.reconcile.legacy.payload-type must be varchar or super");
    }

    @ParameterizedTest(name = "{0} -> latency {1}")
    @CsvSource(delimiter = '|', value = {
            "redshift|DATEDIFF(ms, o, ld)",
            " Redshift |DATEDIFF(ms, o, ld)",
            "postgresql|extract(epoch FROM (ld - o))"})
    void dialectSettingChoosesTheQueries(String dialect, String latency) {
        assertThat(ReconcileQueries.forWarehouse(Warehouse.of(dialect), options(PayloadType.VARCHAR, List.of())).latencyPerHour().sql())
                .contains(latency);
    }

    @Test
    void unknownDialectIsRefused() {
        assertThatThrownBy(() -> Warehouse.of("mysql"))
                .hasMessage("pipeline.warehouse.dialect must be one of redshift, postgresql, was mysql");
    }

    private static Arguments row(String name, Function<ReconcileQueries, BoundQuery> build, int values,
                                 List<String> contains, List<String> absent) {
        return Arguments.of(name, build, values, contains, absent);
    }

    private static ReconcileOptions options(PayloadType legacyPayload, List<String> ignore) {
        return new ReconcileOptions(TimeWindow.of(FROM, TO), TableMapping.contract("public.events"),
                TableMapping.of("legacy.logstash_events", "uuid", "name", "ts", "doc", "ingested_at", legacyPayload),
                new KeyPattern("payroll.*"), new IgnoredPaths(ignore), 20, 60);
    }
}
