package routes.load;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.List;
import routes.contract.SqlIdentifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dedupe insert's plan must probe the index led by event_id once per staged row, on an empty target, a
 * young one never analyzed and a grown, analyzed one alike, with a stage whose occurred_at range covers the
 * whole target (as in the bench). Each plan this rules out was chosen here by an earlier form of the statement
 * and was quadratic or grew with the table: a nested loop rescanning the range per staged row (19 s for 19,000
 * rows), a sequential scan or an occurred_at index scan per staged row on an empty target (37 s for 21,000 rows:
 * each probe visits what the statement has inserted so far), and an anti join over the whole range.
 */
class PostgresDedupePlanIT {

    private static final SqlIdentifier TARGET = SqlIdentifier.of("public.young");
    private static final int STAGED = 19_000;
    private static EmbeddedPostgres pg;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            WarehouseSchema.bootstrap(c, new PostgresDialect(new InMemoryObjectStore()), List.of(TARGET));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @Test
    void eachStagedRowIsOneProbeOfTheEventIdIndexWhateverTheTargetHolds() throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            // Each round leaves its rolled-back insert's dead rows behind, as aborted loads do, so the estimates
            // shift. Rounds 1-2: empty; 3-5: 5,000 rows never analyzed; 6-7: 300,000 rows, analyzed.
            for (int round = 1; round <= 7; round++) {
                if (round == 3) {
                    targetRows(c, 1, 5_000);
                } else if (round == 6) {
                    targetRows(c, 5_001, 300_000);
                    execute(c, "ANALYZE public.young");
                }
                c.setAutoCommit(false);
                stage(c);
                execute(c, PostgresDialect.PROBE_BY_INDEX);
                String plan = explain(c);
                assertThat(plan).as("round %d plan:%n%s", round, plan)
                        .contains("SubPlan")
                        .containsPattern("Scan on young_event_id_occurred_at_idx|Scan using young_event_id_occurred_at_idx")
                        .doesNotContain("Seq Scan on young")
                        .doesNotContain("young_occurred_at_idx")
                        .doesNotContain("Anti Join");
                assertThat(insert(c)).isEqualTo(STAGED);
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    /** Staged ids lie above every target id, in the last minute, like the target's rows. */
    private static void stage(Connection c) throws SQLException {
        execute(c, PostgresDialect.CREATE_STAGE);
        execute(c, "INSERT INTO pg_temp." + PostgresDialect.STAGE + " SELECT 'batch-2',"
                + " 'b' || (1700000000000 + g) || '-' || g, 'k', now() - interval '30 s' + g * interval '1 ms',"
                + " '{\"a\":1}'::jsonb FROM generate_series(300001, " + (300_000 + STAGED) + ") g");
        execute(c, "ANALYZE pg_temp." + PostgresDialect.STAGE + " (event_id)");
    }

    private static void targetRows(Connection c, int from, int to) throws SQLException {
        execute(c, "INSERT INTO public.young SELECT 'b' || (1700000000000 + g) || '-' || g, 'k',"
                + " now() - interval '1 minute' + g * interval '0.1 ms', now(), 'batch-1', '{\"a\":1}'::jsonb"
                + " FROM generate_series(" + from + ", " + to + ") g");
    }

    private static String explain(Connection c) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + PostgresDialect.insertDeduplicated(TARGET))) {
            bindRange(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }

    private static long insert(Connection c) throws SQLException {
        long rows = 0;
        try (PreparedStatement ps = c.prepareStatement(PostgresDialect.insertDeduplicated(TARGET))) {
            bindRange(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows += rs.getLong(2);
                }
            }
        }
        return rows;
    }

    private static void bindRange(PreparedStatement ps) throws SQLException {
        ps.setObject(1, OffsetDateTime.now().minusMinutes(5));
        ps.setObject(2, OffsetDateTime.now().plusMinutes(5));
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
