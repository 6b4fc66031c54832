package routes.security;

import routes.config.Setting;
import routes.contract.SqlIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import routes.PipelineRuntime;
import routes.load.WarehouseSchema;
import routes.testing.EmbeddedServices;
import routes.testing.TestEvents;
import routes.testing.TestPipelines;
import routes.testing.TestPipelines.Namespace;
import routes.testing.Warehouse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The loader as a login role holding exactly the warehouse grants of docs/security.md, on tables the platform
 * team created and owns: it loads everything once, and cannot DELETE, UPDATE or TRUNCATE the target.
 */
@ExtendWith(EmbeddedServices.class)
class WarehouseGrantsIT {

    private static Namespace ns;
    private static String role;
    private static String table;

    @BeforeAll
    static void platformTeamCreatesTablesAndTheLoaderRoleWithTheDocumentedGrants() throws SQLException {
        ns = Namespace.random();
        ns.createTopics(3);
        role = ns.id() + "_loader";
        table = ns.id() + ".events";
        try (Connection owner = EmbeddedServices.dataSource().getConnection(); Statement st = owner.createStatement()) {
            for (String ddl : WarehouseSchema.statements(owner, routes.contract.Warehouse.POSTGRESQL, List.of(SqlIdentifier.of(table)))) {
                st.execute(ddl);
            }
            try (Connection superuser = DriverManager.getConnection(EmbeddedServices.jdbcUrl(), "postgres", "");
                 Statement su = superuser.createStatement()) {
                su.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'loader-password'");
            }
            // docs/security.md, "The warehouse user itself needs" (ledger pre-created variant)
            st.execute("GRANT USAGE ON SCHEMA event_pipeline TO " + role);
            st.execute("GRANT SELECT, INSERT ON " + ledger() + " TO " + role);
            st.execute("GRANT SELECT ON event_pipeline.loads_legacy TO " + role);
            st.execute("GRANT SELECT, INSERT, UPDATE ON " + history() + " TO " + role);
            st.execute("GRANT SELECT ON " + routes.contract.EventFieldsTable.NAME + " TO " + role);
            st.execute("GRANT USAGE ON SCHEMA " + ns.id() + " TO " + role);
            st.execute("GRANT SELECT, INSERT ON " + table + " TO " + role);
            st.execute("GRANT TEMP ON DATABASE events TO " + role);
        }
    }

    @Test
    void aLoaderWithExactlyTheDocumentedGrantsLoadsEveryEventOnce() throws Exception {
        EmbeddedServices.produce(ns.events(), TestEvents.events(2_000, 4));
        try (PipelineRuntime runtime = PipelineRuntime.start(TestPipelines.settings(ns)
                .set(Setting.WAREHOUSE_TABLES, "*=" + table)
                .set(Setting.WAREHOUSE_USER, role)
                .set(Setting.WAREHOUSE_PASSWORD, "loader-password").build())) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> Warehouse.rows(table) >= 2_000);
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
            assertThat(Warehouse.rows(table)).isEqualTo(2_000);
            assertThat(Warehouse.distinctIds(table)).isEqualTo(2_000);
        }
    }

    @Test
    void theLoaderRoleCannotDeleteUpdateOrTruncateTheTarget() throws SQLException {
        try (Connection loader = DriverManager.getConnection(EmbeddedServices.jdbcUrl(), role, "loader-password");
             Statement st = loader.createStatement()) {
            assertThatThrownBy(() -> st.execute("DELETE FROM " + table)).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.execute("UPDATE " + table + " SET event_key = 'x'")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.execute("TRUNCATE " + table)).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.execute("DROP TABLE " + table)).hasMessageContaining("must be owner");
            assertThatThrownBy(() -> st.execute("DELETE FROM " + ledger())).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.execute("INSERT INTO event_pipeline.loads_legacy SELECT * FROM " + ledger()))
                    .hasMessageContaining("permission denied");
        }
    }

    /** The target's own field history, which the load writes in its transaction. */
    private static String history() {
        return routes.contract.EventFieldsTable.tableFor(SqlIdentifier.of(table)).sql();
    }

    /** The target's own ledger: the only ledger table the loader writes. */
    private static String ledger() {
        return routes.contract.LedgerTable.of(SqlIdentifier.of(table)).sql();
    }
}
