package routes.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import routes.config.Setting;
import routes.contract.LedgerTable;
import routes.contract.PipelineFieldChecks;
import routes.contract.SqlIdentifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedshiftCopyStatementsTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/redshift-copy";
    private static final SqlIdentifier EVENTS = SqlIdentifier.of("public.events");
    private static final String LOAD_ID = "0b7c3f1e-2f7a-4a0e-9d3e-1c2b3a4d5e6f";
    private static final String STAGE = RedshiftCopyStatements.stageName(LOAD_ID);
    private final RedshiftCopyStatements statements = new RedshiftCopyStatements(ROLE, "us-east-1");

    static Stream<Arguments> exactStatements() {
        return Stream.of(
                Arguments.of("lock, the target's ledger only", RedshiftCopyStatements.lock(EVENTS),
                        "LOCK event_pipeline.loads__public__events"),
                Arguments.of("session time zone", RedshiftCopyStatements.sessionTimeZone(), "SET timezone TO 'UTC'"),
                Arguments.of("collation", RedshiftCopyStatements.databaseCollation(), "SELECT db_collation()"),
                Arguments.of("timeout", RedshiftCopyStatements.setStatementTimeout(),
                        "SELECT SET_CONFIG('statement_timeout', ?, true)"),
                Arguments.of("ledger read", RedshiftCopyStatements.selectLoadedBatches(EVENTS, 3),
                        "SELECT batch_id FROM event_pipeline.loads__public__events WHERE batch_id IN (?, ?, ?)"),
                Arguments.of("legacy ledger read", RedshiftCopyStatements.selectLegacyLoadedBatches(2),
                        "SELECT batch_id FROM event_pipeline.loads_legacy WHERE batch_id IN (?, ?)"),
                Arguments.of("stage name", STAGE, "load_stage_0b7c3f1e2f7a4a0e9d3e1c2b3a4d5e6f"),
                Arguments.of("drop stage", RedshiftCopyStatements.dropStage(STAGE), "DROP TABLE " + STAGE),
                Arguments.of("temp stage", RedshiftCopyStatements.createStage(STAGE), "CREATE TEMP TABLE " + STAGE + " (doc SUPER)"),
                Arguments.of("manifest key", RedshiftCopyStatements.manifestKey(EVENTS, LOAD_ID),
                        "manifests/public.events/" + LOAD_ID + ".manifest"),
                Arguments.of("ledger insert, one row per batch in one statement", RedshiftCopyStatements.insertLedger(EVENTS, 2),
                        "INSERT INTO event_pipeline.loads__public__events (batch_id, target_table, s3_key, record_count, rows_inserted,"
                                + " duplicates_skipped, load_id, loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, GETDATE()),"
                                + " (?, ?, ?, ?, ?, ?, ?, GETDATE())"),
                Arguments.of("case-sensitive SUPER navigation", RedshiftCopyStatements.caseSensitiveSuperAttributes(),
                        "SET enable_case_sensitive_super_attribute TO true"),
                Arguments.of("server time for the error lookup, to the microsecond", RedshiftCopyStatements.serverTime(),
                        "SELECT SYSDATE"),
                Arguments.of("stage check", RedshiftCopyStatements.checkStage(STAGE),
                        "SELECT COUNT(*),"
                                + " SUM(CASE WHEN event_id IS NULL OR OCTET_LENGTH(event_id) NOT BETWEEN 1 AND 64 THEN 1 ELSE 0 END),"
                                + " SUM(CASE WHEN event_key IS NULL OR OCTET_LENGTH(event_key) NOT BETWEEN 1 AND 128 THEN 1 ELSE 0 END),"
                                + " SUM(CASE WHEN occurred_at IS NULL THEN 1 ELSE 0 END)"
                                + " FROM (SELECT CAST(s.doc.event_id AS VARCHAR(68)) AS event_id,"
                                + " CAST(s.doc.event_key AS VARCHAR(132)) AS event_key,"
                                + " TRY_CAST(CAST(s.doc.occurred_at AS VARCHAR(256)) AS TIMESTAMPTZ) AS occurred_at"
                                + " FROM " + STAGE + " s) x"),
                Arguments.of("stage days", RedshiftCopyStatements.stageDays(STAGE),
                        "SELECT DISTINCT TO_CHAR(CONVERT_TIMEZONE('UTC',"
                                + " TRY_CAST(CAST(s.doc.occurred_at AS VARCHAR(256)) AS TIMESTAMPTZ)), 'YYYY-MM-DD')"
                                + " FROM " + STAGE + " s"),
                Arguments.of("schema", LedgerTable.createSchema(), "CREATE SCHEMA IF NOT EXISTS event_pipeline"),
                Arguments.of("a target's ledger", LedgerTable.createTable(LedgerTable.of(EVENTS).sql()),
                        "CREATE TABLE IF NOT EXISTS event_pipeline.loads__public__events (batch_id VARCHAR(128) NOT NULL"
                                + " PRIMARY KEY, target_table VARCHAR(256) NOT NULL, s3_key VARCHAR(1024) NOT NULL,"
                                + " record_count BIGINT NOT NULL, rows_inserted BIGINT, duplicates_skipped BIGINT,"
                                + " load_id VARCHAR(64) NOT NULL, loaded_at TIMESTAMPTZ NOT NULL)"),
                Arguments.of("the one ledger of earlier releases, renamed", LedgerTable.renameToLegacy(),
                        "ALTER TABLE event_pipeline.loads RENAME TO loads_legacy"),
                Arguments.of("the readers' view", LedgerTable.createView(List.of(LedgerTable.of(SqlIdentifier.of("public.payments")),
                                LedgerTable.of(EVENTS))),
                        "CREATE OR REPLACE VIEW event_pipeline.loads AS"
                                + " SELECT batch_id, target_table, s3_key, record_count, rows_inserted, duplicates_skipped,"
                                + " load_id, loaded_at FROM event_pipeline.loads_legacy UNION ALL"
                                + " SELECT batch_id, target_table, s3_key, record_count, rows_inserted, duplicates_skipped,"
                                + " load_id, loaded_at FROM event_pipeline.loads__public__events UNION ALL"
                                + " SELECT batch_id, target_table, s3_key, record_count, rows_inserted, duplicates_skipped,"
                                + " load_id, loaded_at FROM event_pipeline.loads__public__payments"),
                Arguments.of("target schema", RedshiftCopyStatements.createSchema(SqlIdentifier.of("payroll.events")), "CREATE SCHEMA IF NOT EXISTS payroll"),
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
    void copyHasEveryOptionQuotesTheManifestUrlOnceAndNoTimeformat() {
        String url = RedshiftCopyStatements.manifestUrl("event-logs", RedshiftCopyStatements.manifestKey(EVENTS, LOAD_ID));
        assertThat(statements.copy(STAGE, url)).isEqualTo(
                "COPY " + STAGE + " FROM 's3://event-logs/manifests/public.events/" + LOAD_ID + ".manifest'"
                        + " IAM_ROLE 'arn:aws:iam::123456789012:role/redshift-copy'"
                        + " FORMAT JSON 'noshred' GZIP MANIFEST REGION 'us-east-1'"
                        + " COMPUPDATE OFF STATUPDATE OFF MAXERROR 0");
        assertThat(statements.copy(STAGE, url).split("'s3://", -1)).hasSize(2);
    }

    @Test
    void copyOptionsTheDbaSetAppearAfterTheFixedOnes() {
        String url = RedshiftCopyStatements.manifestUrl("event-logs", RedshiftCopyStatements.manifestKey(EVENTS, LOAD_ID));
        RedshiftCopyStatements tuned = new RedshiftCopyStatements(ROLE, "us-east-1", new CopyOptions("?", 10));

        assertThat(tuned.copy(STAGE, url)).endsWith(" COMPUPDATE OFF STATUPDATE OFF ACCEPTINVCHARS AS '?' MAXERROR 10");
    }

    @Test
    void copyOptionsThatCouldBreakOutOfTheStatementAreRefusedWithTheirKey() {
        for (String replacement : List.of("'", "\\", "ab", " ", "\u00e9")) {
            assertThatThrownBy(() -> new CopyOptions(replacement, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(Setting.LOAD_COPY_ACCEPT_INVALID_CHARS);
        }
        assertThatThrownBy(() -> new CopyOptions("", -1)).hasMessageContaining(Setting.LOAD_COPY_MAX_ERROR);
        assertThatThrownBy(() -> new CopyOptions("", 100_001)).hasMessageContaining(Setting.LOAD_COPY_MAX_ERROR);
    }

    @Test
    void everyCycleStagesIntoATableOfItsOwnNeverTheBareName() {
        String other = RedshiftCopyStatements.stageName("1b7c3f1e-2f7a-4a0e-9d3e-1c2b3a4d5e6f");
        assertThat(other).isNotEqualTo(STAGE).startsWith("load_stage_").hasSize("load_stage_".length() + 32);
        assertThatThrownBy(() -> RedshiftCopyStatements.createStage("load_stage"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedshiftCopyStatements.dropStage("public.events"))
                .isInstanceOf(IllegalArgumentException.class);
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
    void dedupeInsertBindsOnlyTheLoadIdAtTheTopLevelAndBoundsTheLookBackByTheStagesDays() {
        String sql = RedshiftCopyStatements.insertDeduplicated(EVENTS, STAGE,
                List.of(LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-02")));
        assertThat(sql).startsWith("INSERT INTO public.events (event_id, event_key, occurred_at, loaded_at, batch_id, payload)")
                .contains("ROW_NUMBER() OVER (PARTITION BY CAST(s.doc.event_id AS VARCHAR(68))")
                .contains(" FROM " + STAGE + " s) d")
                .contains("LEFT JOIN (SELECT event_id FROM public.events WHERE (occurred_at >= CAST('2026-12-01 00:00:00+00'"
                        + " AS TIMESTAMPTZ) AND occurred_at < CAST('2026-12-03 00:00:00+00' AS TIMESTAMPTZ))) t")
                .contains("WHERE d.rn = 1 AND t.event_id IS NULL")
                .contains("d.occurred_at, GETDATE(), ?, d.doc")
                .doesNotContain("SYSDATE")
                .doesNotContain("BETWEEN");
        assertThat(sql.chars().filter(c -> c == '?').count()).isEqualTo(1);
    }

    @Test
    void oneLateEventAddsOneDayToTheLookBackNotTheWeeksBetween() {
        String ranges = RedshiftCopyStatements.dayRanges(List.of(LocalDate.parse("2026-12-02"),
                LocalDate.parse("2026-11-01"), LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-02")));
        assertThat(ranges).isEqualTo("(occurred_at >= CAST('2026-11-01 00:00:00+00' AS TIMESTAMPTZ)"
                + " AND occurred_at < CAST('2026-11-02 00:00:00+00' AS TIMESTAMPTZ))"
                + " OR (occurred_at >= CAST('2026-12-01 00:00:00+00' AS TIMESTAMPTZ)"
                + " AND occurred_at < CAST('2026-12-03 00:00:00+00' AS TIMESTAMPTZ))");
    }

    @Test
    void scatteredDaysBeyondTheLimitFallBackToOneRange() {
        List<LocalDate> everyOtherDay = IntStream.range(0, RedshiftCopyStatements.MAX_DAY_RANGES + 1)
                .mapToObj(i -> LocalDate.parse("2026-01-01").plusDays(2L * i)).toList();
        assertThat(RedshiftCopyStatements.dayRanges(everyOtherDay)).isEqualTo(
                "(occurred_at >= CAST('2026-01-01 00:00:00+00' AS TIMESTAMPTZ)"
                        + " AND occurred_at < CAST('2026-05-10 00:00:00+00' AS TIMESTAMPTZ))");
    }

    @Test
    void extractionCanNeitherTruncateAnIdNorFailOnAnUnreadableTime() {
        String check = RedshiftCopyStatements.checkStage(STAGE);
        String insert = RedshiftCopyStatements.insertDeduplicated(EVENTS, STAGE, List.of(LocalDate.parse("2026-12-01")));
        for (String sql : List.of(check, insert)) {
            assertThat(sql).doesNotContain("AS VARCHAR(64)").doesNotContain("AS VARCHAR(128)");
            assertThat(sql).contains("TRY_CAST(CAST(s.doc.occurred_at AS VARCHAR(256)) AS TIMESTAMPTZ)");
        }
    }

    /** The window and the join carry the keys: no wider than the stage check needs to see an over-long one. */
    @Test
    void extractedKeysAreCastToTheirContractLimitPlusOneCharacterNotToVarchar65535() {
        String check = RedshiftCopyStatements.checkStage(STAGE);
        String insert = RedshiftCopyStatements.insertDeduplicated(EVENTS, STAGE, List.of(LocalDate.parse("2026-12-01")));
        for (String sql : List.of(check, insert)) {
            assertThat(sql).doesNotContain("65535")
                    .contains("CAST(s.doc.event_id AS VARCHAR(" + (PipelineFieldChecks.MAX_EVENT_ID_BYTES + 4) + "))")
                    .contains("CAST(s.doc.event_key AS VARCHAR(" + (PipelineFieldChecks.MAX_EVENT_KEY_CHARS + 4) + "))");
        }
        // a value cut at a character boundary (at most 4 UTF-8 bytes lost) is still over the limit the check counts
        assertThat(PipelineFieldChecks.MAX_EVENT_ID_BYTES + RedshiftCopyStatements.CAST_MARGIN_BYTES - 3)
                .isGreaterThan(PipelineFieldChecks.MAX_EVENT_ID_BYTES);
    }

    @Test
    void ledgerRowsAreOneStatementOfBoundedSize() {
        String most = RedshiftCopyStatements.insertLedger(EVENTS, RedshiftCopyStatements.MAX_LEDGER_ROWS_PER_INSERT);

        assertThat(most.chars().filter(c -> c == '?').count()).isEqualTo(7L * RedshiftCopyStatements.MAX_LEDGER_ROWS_PER_INSERT)
                .isLessThan(Short.MAX_VALUE);
        assertThat(most.length()).isLessThan(64 * 1024);
        assertThatThrownBy(() -> RedshiftCopyStatements.insertLedger(EVENTS, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedshiftCopyStatements.insertLedger(EVENTS, RedshiftCopyStatements.MAX_LEDGER_ROWS_PER_INSERT + 1))
                .isInstanceOf(IllegalArgumentException.class);
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
        assertThatThrownBy(() -> RedshiftCopyStatements.createTarget(SqlIdentifier.of(table)))
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
        assertThatThrownBy(() -> statements.copy(STAGE, url)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesLoadIdsThatWeDidNotGenerate() {
        assertThatThrownBy(() -> RedshiftCopyStatements.manifestKey(EVENTS, "x'; drop")).isInstanceOf(IllegalArgumentException.class);
    }
}
