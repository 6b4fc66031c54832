package routes.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import routes.contract.EventFieldsTable;
import routes.contract.LedgerTable;
import routes.contract.SqlIdentifier;
import routes.contract.Warehouse;

/**
 * Creates the ledger, the target tables and their field histories (routes.contract.EventFieldsTable) if they do not
 * exist (idempotent, safe on every start).
 */
public final class WarehouseSchema {

    private WarehouseSchema() {
    }

    public static void bootstrap(Connection c, WarehouseDialect dialect, Collection<SqlIdentifier> tables)
            throws SQLException {
        // A loader with only the documented grants (no CREATE on the database or schemas, not the tables' owner)
        // starts on tables the platform team created: even "IF NOT EXISTS" DDL checks the CREATE right first.
        if (allExist(c, tables)) {
            return;
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            for (String sql : statements(dialect.warehouse(), tables)) {
                st.execute(sql);
            }
            unionAllHistories(c, tables);
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** The ledger, every target table, their field histories and the history's view exist (information_schema works on PostgreSQL and Redshift alike). */
    public static boolean allExist(Connection c, Collection<SqlIdentifier> tables) throws SQLException {
        List<SqlIdentifier> needed = new ArrayList<>(tables);
        needed.add(SqlIdentifier.of(LedgerTable.NAME));
        tables.forEach(t -> needed.add(EventFieldsTable.tableFor(t)));
        needed.add(SqlIdentifier.of(EventFieldsTable.NAME)); // the view: information_schema.tables lists views too
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            for (SqlIdentifier table : needed) {
                ps.setString(1, table.schema());
                ps.setString(2, table.name());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The DDL for {@code warehouse}, in order. */
    public static List<String> statements(Warehouse warehouse, Collection<SqlIdentifier> tables) {
        return warehouse.pick(() -> postgresStatements(tables), () -> redshiftStatements(tables));
    }

    private static List<String> redshiftStatements(Collection<SqlIdentifier> tables) {
        List<String> sql = new ArrayList<>();
        sql.add(LedgerTable.createSchema());
        sql.add(LedgerTable.createTable());
        for (SqlIdentifier t : tables) {
            if (!t.schema().equals("public")) {
                sql.add(RedshiftCopyStatements.createSchema(t)); // Redshift has only public until then
            }
            sql.add(RedshiftCopyStatements.createTarget(t));
        }
        sql.addAll(fieldHistory(tables));
        return sql;
    }

    private static List<String> postgresStatements(Collection<SqlIdentifier> tables) {
        List<String> sql = new ArrayList<>();
        sql.add(LedgerTable.createSchema());
        sql.add(LedgerTable.createTable());
        for (SqlIdentifier t : tables) {
            sql.add("CREATE SCHEMA IF NOT EXISTS " + t.schema());
            sql.add("CREATE TABLE IF NOT EXISTS " + t.sql() + " ("
                    + "event_id varchar(64) NOT NULL, event_key varchar(128) NOT NULL,"
                    + " occurred_at timestamptz NOT NULL, loaded_at timestamptz NOT NULL,"
                    + " batch_id varchar(128) NOT NULL, payload jsonb NOT NULL)");
            // The anti-join probes (event_id, occurred_at range) with one composite index, whatever the
            // statistics say; time-range queries use occurred_at. No unique index: exactly-once comes from the
            // lock + ledger + anti-join, as on Redshift, and a unique index would not survive partitioning by time.
            sql.add("CREATE INDEX IF NOT EXISTS " + indexName(t, "event_id_occurred_at") + " ON " + t.sql()
                    + " (event_id, occurred_at)");
            sql.add("CREATE INDEX IF NOT EXISTS " + indexName(t, "occurred_at") + " ON " + t.sql() + " (occurred_at)");
        }
        sql.addAll(fieldHistory(tables));
        return sql;
    }

    /**
     * The history view again, over every history table that exists: instances with other routings (or an earlier
     * configuration) keep theirs readable in {@code event_pipeline.event_fields}, instead of the last one to start
     * replacing the view with its own tables alone.
     */
    private static void unionAllHistories(Connection c, Collection<SqlIdentifier> tables) throws SQLException {
        List<SqlIdentifier> histories = new ArrayList<>();
        tables.forEach(t -> histories.add(EventFieldsTable.tableFor(t)));
        try (PreparedStatement ps = c.prepareStatement(EventFieldsTable.existingTables())) {
            ps.setString(1, LedgerTable.SCHEMA);
            ps.setString(2, EventFieldsTable.existingTablesPattern());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = LedgerTable.SCHEMA + "." + rs.getString(1).trim();
                    if (SqlIdentifier.isValid(name) && !histories.contains(SqlIdentifier.of(name))) {
                        histories.add(SqlIdentifier.of(name));
                    }
                }
            }
        }
        if (histories.size() > tables.size()) {
            try (Statement st = c.createStatement()) {
                st.execute(EventFieldsTable.createViewOver(histories));
            }
        }
    }

    /** One history table per target (same DDL on both dialects), then the view over all of them. */
    private static List<String> fieldHistory(Collection<SqlIdentifier> tables) {
        List<String> sql = new ArrayList<>();
        tables.forEach(t -> sql.add(EventFieldsTable.createTable(t)));
        if (!tables.isEmpty()) {
            sql.add(EventFieldsTable.createView(tables));
        }
        return sql;
    }

    /** {@code <table>_<column>_idx}, shortened with a hash when it would exceed PostgreSQL's 63 bytes. */
    static String indexName(SqlIdentifier t, String column) {
        String name = t.name() + "_" + column + "_idx";
        if (name.length() <= 63) {
            return name;
        }
        String hash = HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(4).putInt(t.sql().hashCode()).array());
        return t.name().substring(0, 63 - column.length() - 14) + "_" + hash + "_" + column + "_idx";
    }
}
