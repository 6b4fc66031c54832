package routes.preflight;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import routes.load.SqlIdentifier;

import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class PreflightStatementsTest {

    private static final SqlIdentifier TABLE = SqlIdentifier.of("public.events");

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
                row("stored occurred_at", s -> s.storedOccurredAt(TABLE), "SELECT occurred_at FROM public.events WHERE event_id = ?"));
    }

    private static Arguments row(String what, Function<PreflightStatements, String> statement, String sql) {
        return Arguments.of(what, statement, sql);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("redshiftSequence")
    void redshiftCheckRunsThisStatement(String what, Function<PreflightStatements, String> statement, String sql) {
        assertThat(statement.apply(PreflightStatements.forDialect("redshift"))).isEqualTo(sql);
    }

    @Test
    void redshiftAsksForSelectAndInsertAndLeavesLockToTheCanary() {
        assertThat(PreflightStatements.redshift().tablePrivileges()).containsOnlyKeys("SELECT", "INSERT");
    }

    @Test
    void postgresAlsoAsksForAPrivilegeThatAllowsItsLock() {
        assertThat(PreflightStatements.postgres().tablePrivileges()).containsKeys("SELECT", "INSERT", "UPDATE, DELETE, TRUNCATE");
        assertThat(PreflightStatements.postgres().collation()).contains("pg_database").contains("current_database()");
    }

    @Test
    void jdbcTargetNeverShowsCredentials() {
        assertThat(PreflightStatements.jdbcTarget("jdbc:redshift://c.abc.us-east-1.redshift.amazonaws.com:5439/analytics?ssl=true&password=s3cret"))
                .isEqualTo("jdbc:redshift://c.abc.us-east-1.redshift.amazonaws.com:5439/analytics");
        assertThat(PreflightStatements.jdbcTarget("jdbc:postgresql://user:s3cret@db:5432/events"))
                .isEqualTo("jdbc:postgresql://db:5432/events");
    }
}
