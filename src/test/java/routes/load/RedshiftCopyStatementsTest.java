package routes.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedshiftCopyStatementsTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/redshift-copy";
    private static final SqlIdentifier EVENTS = SqlIdentifier.of("public.events");
    private static final String LOAD_ID = "0b7c3f1e-2f7a-4a0e-9d3e-1c2b3a4d5e6f";
    private final RedshiftCopyStatements statements = new RedshiftCopyStatements(ROLE, "us-east-1");

    static Stream<Arguments> exactStatements() {
        return Stream.of(
                Arguments.of("lock", RedshiftCopyStatements.lock(EVENTS), "LOCK public.events, event_pipeline.loads"),
                Arguments.of("timeout", RedshiftCopyStatements.setStatementTimeout(),
                        "SELECT SET_CONFIG('statement_timeout', ?, true)"),
                Arguments.of("ledger read", RedshiftCopyStatements.selectLoadedBatches(3),
                        "SELECT batch_id FROM event_pipeline.loads WHERE batch_id IN (?, ?, ?)"),
                Arguments.of("drop stage", RedshiftCopyStatements.dropStage(), "DROP TABLE IF EXISTS load_stage"),
                Arguments.of("temp stage", RedshiftCopyStatements.createStage(), "CREATE TEMP TABLE load_stage (doc SUPER)"),
                Arguments.of("manifest key", RedshiftCopyStatements.manifestKey(EVENTS, LOAD_ID),
                        "manifests/public.events/" + LOAD_ID + ".manifest"),
                Arguments.of("ledger insert", RedshiftCopyStatements.insertLedger(),
                        "INSERT INTO event_pipeline.loads (batch_id, target_table, s3_key, record_count, rows_inserted,"
                                + " duplicates_skipped, load_id, loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, SYSDATE)"),
                Arguments.of("stage stats", RedshiftCopyStatements.stageStats(),
                        "SELECT MIN(occurred_at), MAX(occurred_at), COUNT(*) FROM (SELECT"
                                + " CAST(CAST(s.doc.occurred_at AS VARCHAR(64)) AS TIMESTAMPTZ) AS occurred_at"
                                + " FROM load_stage s) x"),
                Arguments.of("schema", RedshiftCopyStatements.createSchema(), "CREATE SCHEMA IF NOT EXISTS event_pipeline"),
                Arguments.of("target", RedshiftCopyStatements.createTarget(EVENTS),
                        "CREATE TABLE IF NOT EXISTS public.events (event_id VARCHAR(64) NOT NULL,"
                                + " event_key VARCHAR(128) NOT NULL, occurred_at TIMESTAMPTZ NOT NULL,"
                                + " loaded_at TIMESTAMPTZ NOT NULL, batch_id VARCHAR(128) NOT NULL,"
                                + " payload SUPER NOT NULL) DISTSTYLE AUTO SORTKEY(occurred_at)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exactStatements")
    void buildsExactStatement(String name, String actual, String expected) {
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void copyHasEveryOptionAndQuotesTheManifestUrlOnce() {
        String url = RedshiftCopyStatements.manifestUrl("event-logs", RedshiftCopyStatements.manifestKey(EVENTS, LOAD_ID));
        assertThat(statements.copy(url)).isEqualTo(
                "COPY load_stage FROM 's3://event-logs/manifests/public.events/" + LOAD_ID + ".manifest'"
                        + " IAM_ROLE 'arn:aws:iam::123456789012:role/redshift-copy'"
                        + " FORMAT JSON 'noshred' GZIP MANIFEST REGION 'us-east-1'"
                        + " TIMEFORMAT 'auto' COMPUPDATE OFF STATUPDATE OFF MAXERROR 0");
        assertThat(statements.copy(url).split("'s3://", -1)).hasSize(2);
    }

    @Test
    void manifestListsEveryObjectAsMandatory() throws Exception {
        byte[] json = RedshiftCopyStatements.manifestJson(List.of("s3://event-logs/events/a.ndjson.gz",
                "s3://event-logs/events/b.ndjson.gz"));
        JsonNode root = new ObjectMapper().readTree(json);
        assertThat(root.fieldNames()).toIterable().containsExactly("entries");
        assertThat(root.get("entries")).hasSize(2);
        assertThat(root.get("entries").get(0).get("url").asText()).isEqualTo("s3://event-logs/events/a.ndjson.gz");
        assertThat(root.get("entries").get(1).get("mandatory").isBoolean()).isTrue();
        assertThat(root.get("entries").get(1).get("mandatory").asBoolean()).isTrue();
    }

    @Test
    void dedupeInsertBindsEveryValue() {
        String sql = RedshiftCopyStatements.insertDeduplicated(EVENTS);
        assertThat(sql).startsWith("INSERT INTO public.events (event_id, event_key, occurred_at, loaded_at, batch_id, payload)")
                .contains("ROW_NUMBER() OVER (PARTITION BY CAST(s.doc.event_id AS VARCHAR(64))")
                .contains("WHERE occurred_at BETWEEN ? AND ?")
                .contains("WHERE d.rn = 1 AND t.event_id IS NULL")
                .contains("SYSDATE, ?, d.doc");
        assertThat(sql.chars().filter(c -> c == '?').count()).isEqualTo(3);
        assertThat(sql).doesNotContain("'");
    }

    @Test
    void errorLookupsAreScopedToThisSession() {
        assertThat(RedshiftCopyStatements.lastLoadError()).contains("FROM sys_load_error_detail")
                .contains("session_id = PG_BACKEND_PID() AND start_time >= ?");
        assertThat(RedshiftCopyStatements.lastLoadErrorLegacy()).contains("FROM stl_load_errors")
                .contains("session = PG_BACKEND_PID() AND starttime >= ?");
    }

    @ParameterizedTest(name = "refuses table [{0}]")
    @ValueSource(strings = {"events; drop table x", "\"quoted\"", "a.b.c", "select", "Events", "public.EVENTS"})
    void refusesTableNames(String table) {
        assertThatThrownBy(() -> RedshiftCopyStatements.lock(SqlIdentifier.of(table)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refuses200CharacterTableName() {
        assertThatThrownBy(() -> SqlIdentifier.of("t".repeat(200))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "refuses role [{0}]")
    @ValueSource(strings = {"arn:aws:iam::123456789012:role/x'--", "arn:aws:iam::1234:role/x", "arn:aws:s3:::bucket",
            "arn:aws:iam::123456789012:user/x", "' IAM_ROLE 'arn:aws:iam::123456789012:role/x"})
    void refusesRoles(String role) {
        assertThatThrownBy(() -> new RedshiftCopyStatements(role, "us-east-1")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "refuses region [{0}]")
    @ValueSource(strings = {"us-east-1'--", "US-EAST-1", "us-east", "useast1", ""})
    void refusesRegions(String region) {
        assertThatThrownBy(() -> new RedshiftCopyStatements(ROLE, region)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsOtherPartitionsAndRegions() {
        new RedshiftCopyStatements("arn:aws-us-gov:iam::123456789012:role/path/to/role+x=y,z.@-", "us-gov-west-1");
        new RedshiftCopyStatements("arn:aws-cn:iam::123456789012:role/r", "cn-north-1");
    }

    @ParameterizedTest(name = "refuses bucket [{0}]")
    @ValueSource(strings = {"event'logs", "Event-Logs", "ev", "event..logs", "event-logs/x", "-events"})
    void refusesBuckets(String bucket) {
        String key = RedshiftCopyStatements.manifestKey(EVENTS, LOAD_ID);
        assertThatThrownBy(() -> RedshiftCopyStatements.manifestUrl(bucket, key)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "refuses manifest url [{0}]")
    @ValueSource(strings = {"s3://event-logs/events/x.ndjson.gz", "s3://event-logs/manifests/public.events/x'.manifest",
            "https://event-logs/manifests/public.events/a.manifest", "s3://event-logs"})
    void copyRefusesUrlsItDidNotGenerate(String url) {
        assertThatThrownBy(() -> statements.copy(url)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesLoadIdsThatWeDidNotGenerate() {
        assertThatThrownBy(() -> RedshiftCopyStatements.manifestKey(EVENTS, "x'; drop")).isInstanceOf(IllegalArgumentException.class);
    }
}
