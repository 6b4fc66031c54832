package routes.operate;

import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.contract.LedgerTable;
import routes.contract.SqlIdentifier;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The operator commands' two uses of the loader's ledger (read through the view {@code event_pipeline.loads}, kept
 * in the per-target ledgers and the legacy one under it): which batches are loaded, and forgetting some in one
 * transaction so that a replay loads them again. Plain SQL that PostgreSQL and Redshift both run; batch ids are
 * bound parameters, never SQL text.
 */
final class Ledger {

    private static final int CHUNK = 500;

    private Ledger() {
    }

    /** A plain connection with the loader's settings (no pool: the commands run a handful of statements). */
    static Connection connect(PipelineSettings settings) throws SQLException {
        return DriverManager.getConnection(settings.get(Setting.WAREHOUSE_JDBC_URL),
                settings.get(Setting.WAREHOUSE_USER), settings.secret(Setting.WAREHOUSE_PASSWORD));
    }

    static Set<String> loaded(Connection c, List<String> batchIds) throws SQLException {
        Set<String> loaded = new HashSet<>();
        for (List<String> chunk : chunks(batchIds)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT batch_id FROM " + LedgerTable.NAME
                    + " WHERE batch_id IN (" + placeholders(chunk.size()) + ")")) {
                bind(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        loaded.add(rs.getString(1));
                    }
                }
            }
        }
        return loaded;
    }

    /**
     * Deletes the ledger rows of {@code batchIds} in one transaction; returns how many there were. The rows are read
     * through the view, then deleted from the table that holds each: its target's own ledger or the legacy one.
     */
    static long forget(Connection c, List<String> batchIds) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        long deleted = 0;
        try {
            for (List<String> chunk : chunks(batchIds)) {
                Set<String> holders = new TreeSet<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT target_table FROM " + LedgerTable.NAME
                        + " WHERE batch_id IN (" + placeholders(chunk.size()) + ")")) {
                    bind(ps, chunk);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            holders.add(LedgerTable.of(SqlIdentifier.of(rs.getString(1))).sql());
                        }
                    }
                }
                // The legacy table only when it holds one of them. Every load reads it in its transaction, and on
                // Redshift a DELETE takes the table's write lock ("Concurrent write examples",
                // https://docs.aws.amazon.com/redshift/latest/dg/r_Serializable_isolation_example.html), so a load
                // beside the replay could meet a serializable conflict (1023, retried). Whether a DELETE that
                // matches nothing counts is not stated there; not sending it leaves no question.
                if (holds(c, LedgerTable.LEGACY, chunk)) {
                    holders.add(LedgerTable.LEGACY);
                }
                for (String ledger : holders) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + ledger
                            + " WHERE batch_id IN (" + placeholders(chunk.size()) + ")")) {
                        bind(ps, chunk);
                        deleted += ps.executeUpdate();
                    }
                }
            }
            c.commit();
            return deleted;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static boolean holds(Connection c, String ledger, List<String> batchIds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + ledger
                + " WHERE batch_id IN (" + placeholders(batchIds.size()) + ") LIMIT 1")) {
            bind(ps, batchIds);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static List<List<String>> chunks(List<String> ids) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + CHUNK)));
        }
        return chunks;
    }

    private static String placeholders(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }

    private static void bind(PreparedStatement ps, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setString(i + 1, values.get(i));
        }
    }
}
