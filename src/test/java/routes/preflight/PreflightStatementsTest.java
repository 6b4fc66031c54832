package routes.preflight;

import routes.contract.Warehouse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import routes.contract.SqlIdentifier;
import routes.reconcile.PayloadType;
import routes.reconcile.TableMapping;

import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class PreflightStatementsTest {

    private static final SqlIdentifier TABLE = SqlIdentifier.of("public.events");
    private static final TableMapping NEW = TableMapping.contract("event_pipeline.preflight_new_x");
    private static final TableMapping LEGACY = TableMapping.of("legacy.preflight_x", "uuid", "name", "ts", "body",
            "indexed_at", PayloadType.VARCHAR);

    /** The Redshift warehouse check, statement by statement, in the order it runs them. */
    static Stream<Arguments> redshiftSequence() {
        return Stream.of(
                row("version", s -> s.version(), "SELECT version()"),
                row("collation", s -> s.collation(), "SELECT db_collation()"),
                row("time zone", s -> s.timeZone(), "SHOW timezone"),
                row("TEMP for the stage", s -> s.tempPrivilege(), "SELECT has_database_privilege(current_database(), 'TEMP')"),
                row("table exists", s -> s.tableExists(), "SELECT count(*) FROM pg_tables WHERE schemaname = ? AND tablename = ?"),
                row("table privilege", s -> s.tablePrivilege(), "SELECT has_table_privilege(?, ?)"),
                row("schema exists", s -> s.schemaExists(), "SELECT count(*) FROM pg_namespace WHERE nspname = ?"),
                row("CREATE on the database", s -> s.createSchemaPrivilege(), "SELECT has_database_privilege(current_database(), 'CREATE')"),
                row("CREATE on a schema", s -> s.schemaPrivilege(), "SELECT has_schema_privilege(?, ?)"),
                row("canary rows left", s -> s.canaryRows(TABLE), "SELECT count(*) FROM public.events WHERE event_id LIKE ?"),
                row("stored occurred_at", s -> s.storedOccurredAt(TABLE), "SELECT occurred_at FROM public.events WHERE event_id = ?"),
                row("reconcile: schema", s -> s.createSchema(NEW.table()), "CREATE SCHEMA IF NOT EXISTS event_pipeline"),
                row("reconcile: the pipeline's table", s -> s.createReconcileTable(NEW),
                        "CREATE TABLE event_pipeline.preflight_new_x (event_id VARCHAR(64), event_key VARCHAR(128),"
                                + " occurred_at TIMESTAMPTZ, loaded_at TIMESTAMPTZ, payload SUPER)"),
                row("reconcile: a VARCHAR legacy table", s -> s.createReconcileTable(LEGACY),
                        "CREATE TABLE legacy.preflight_x (uuid VARCHAR(64), name VARCHAR(128),"
                                + " ts TIMESTAMPTZ, indexed_at TIMESTAMPTZ, body VARCHAR(65535))"),
                row("reconcile: a row of the pipeline's table", s -> s.insertReconcileRow(NEW),
                        "INSERT INTO event_pipeline.preflight_new_x (event_id, event_key, occurred_at, loaded_at, payload)"
                                + " VALUES (?, ?, CAST(? AS TIMESTAMPTZ), CAST(? AS TIMESTAMPTZ), JSON_PARSE(?))"),
                row("reconcile: a legacy row", s -> s.insertReconcileRow(LEGACY),
                        "INSERT INTO legacy.preflight_x (uuid, name, ts, indexed_at, body)"
                                + " VALUES (?, ?, CAST(? AS TIMESTAMPTZ), CAST(? AS TIMESTAMPTZ), ?)"));
    }

    private static Arguments row(String what, Function<PreflightStatements, String> statement, String sql) {
        return Arguments.of(what, statement, sql);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("redshiftSequence")
    void redshiftCheckRunsThisStatement(String what, Function<PreflightStatements, String> statement, String sql) {
        assertThat(statement.apply(PreflightStatements.forWarehouse(Warehouse.of("redshift")))).isEqualTo(sql);
    }

    @Test
    void redshiftAsksForSelectAndInsertAndLeavesLockToTheCanary() {
        assertThat(PreflightStatements.redshift().tablePrivileges()).containsOnlyKeys("SELECT", "INSERT");
    }

    @Test
    void postgresAsksForSelectAndInsertOnlyItsLockNeedsNoTablePrivilege() {
        assertThat(PreflightStatements.postgres().tablePrivileges()).containsOnlyKeys("SELECT", "INSERT");
        assertThat(PreflightStatements.postgres().collation()).contains("pg_database").contains("current_database()");
    }

    @Test
    void jdbcTargetNeverShowsCredentials() {
        assertThat(PreflightStatements.jdbcTarget("jdbc:redshift://c.abc.us-east-1.redshift.amazonaws.com:5439/analytics?ssl=true&password=s3cret"))
                .isEqualTo("jdbc:redshift://c.abc.us-east-1.redshift.amazonaws.com:5439/analytics");
        assertThat(PreflightStatements.jdbcTarget("jdbc:postgresql://user:s3cret@db:5432/events"))
                .isEqualTo("jdbc:postgresql://db:5432/events");
    }

    @Test
    void postgresRehearsesReconcileOnJsonbAndText() {
        assertThat(PreflightStatements.postgres().createReconcileTable(NEW)).endsWith("payload jsonb)");
        assertThat(PreflightStatements.postgres().createReconcileTable(LEGACY)).endsWith("body text)");
        assertThat(PreflightStatements.postgres().insertReconcileRow(NEW)).endsWith("CAST(? AS jsonb))");
    }
}
