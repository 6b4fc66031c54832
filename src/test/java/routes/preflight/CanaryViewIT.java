package routes.preflight;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.contract.SqlIdentifier;
import routes.contract.Warehouse;
import routes.fields.ViewStatements;
import routes.load.PostgresDialect;
import routes.load.WarehouseSchema;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Preflight's rehearsal of the views per event key, inside a transaction rolled back, on a real PostgreSQL 14. */
class CanaryViewIT {

    private static final SqlIdentifier TARGET = SqlIdentifier.of("public.events");
    private static EmbeddedPostgres pg;
    private static DataSource db;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        db = pg.getPostgresDatabase();
        try (Connection c = db.getConnection()) {
            WarehouseSchema.bootstrap(c, new PostgresDialect(new routes.load.ObjectStore() {
                @Override
                public java.io.InputStream open(String bucket, String key) throws java.io.IOException {
                    throw new java.io.IOException("no objects here");
                }

                @Override
                public java.util.OptionalLong size(String bucket, String key) {
                    return java.util.OptionalLong.empty();
                }
            }), List.of(TARGET));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @Test
    void theCanaryViewReadsTheCanaryRowsTypedAndNothingStaysAfterTheRollback() throws Exception {
        CanaryView view = new CanaryView(ViewStatements.forWarehouse(Warehouse.POSTGRESQL), "canary_views",
                "0123abcd-0000-0000-0000-000000000000");
        CheckResult line;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO public.events VALUES ('preflight-x-1', '" + CanaryEvents.EVENT_KEY + "', now(), now(),"
                        + " 'b', '{\"data\":\"an ordinary event\",\"min_long\":-9223372036854775808,\"tenth\":0.1}')");
            }
            line = view.rehearse(c, TARGET);
            c.rollback();
        }
        assertThat(line.status()).as(line.toString()).isEqualTo(CheckStatus.PASS);
        assertThat(line.saw()).contains("1 canary rows, 1 with a typed string", "canary_views.preflight_canary_0123abcd");
        assertThat(count("SELECT count(*) FROM pg_namespace WHERE nspname = 'canary_views'")).isZero();
    }

    @Test
    void aLoaderWithoutCreateOnTheViewsSchemaFailsTheLineNamingTheSetting() throws Exception {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE plain_loader LOGIN PASSWORD 'p'");
            st.execute("GRANT SELECT ON public.events TO plain_loader");
        }
        CanaryView view = new CanaryView(ViewStatements.forWarehouse(Warehouse.POSTGRESQL), "canary_views",
                "fedc0000-0000-0000-0000-000000000000");
        CheckResult line;
        try (Connection c = java.sql.DriverManager.getConnection(pg.getJdbcUrl("plain_loader", "postgres"), "plain_loader", "p")) {
            c.setAutoCommit(false);
            line = view.rehearse(c, TARGET);
            c.rollback();
        }
        assertThat(line.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(line.toString()).contains("pipeline.views.enabled=false", "canary_views");
    }

    private static long count(String query) throws Exception {
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
