package routes.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import routes.contract.EventFieldsTable;
import routes.contract.LedgerTable;
import routes.contract.SqlIdentifier;
import routes.contract.Warehouse;

/**
 * Creates the ledgers, the readers' view, the target tables and their field histories (routes.contract.EventFieldsTable)
 * if they do not exist (idempotent, safe on every start).
 * <p>
 * Each target has its own ledger ({@link LedgerTable#of}); {@value LedgerTable#NAME} is a view over them and the
 * {@link LedgerTable#LEGACY} table. Where {@value LedgerTable#NAME} is still the one ledger table of earlier releases,
 * the first start renames it to {@link LedgerTable#LEGACY} in the same transaction as the rest of the DDL; the loads
 * read it as well as their own ledger, so no batch it records is loaded again, and nothing writes it any more.
 * The view lists every per-target ledger that exists, not only this loader's targets: a loader started with an older
 * routing re-creates it without dropping a newer routing's ledger, so the view only grows.
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
            for (String sql : statements(c, dialect.warehouse(), tables)) {
                st.execute(sql);
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            // Loaders starting together on one warehouse run this DDL at once: the one that loses the race (its rename
            // finds the table renamed, its CREATE finds it created) starts on what the winner committed.
            if (!allExist(c, tables)) {
                throw e;
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /**
     * Every target table and its ledger exist, the legacy table exists, and {@value LedgerTable#NAME} is the view and
     * lists each of these targets' ledgers (a loader started with a new target re-creates it). The catalogs read here
     * (information_schema.tables, pg_tables, pg_views) are PostgreSQL's; that Redshift's pg_views has the same
     * {@code definition} column is not confirmed in AWS docs (docs/redshift.md §4.6): preflight's canary runs this.
     */
    public static boolean allExist(Connection c, Collection<SqlIdentifier> tables) throws SQLException {
        List<SqlIdentifier> needed = new ArrayList<>(tables);
        tables.forEach(t -> needed.add(LedgerTable.of(t)));
        needed.add(SqlIdentifier.of(LedgerTable.LEGACY));
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
        String view = viewDefinition(c);
        return view != null && tables.stream().allMatch(t -> names(view, LedgerTable.of(t)));
    }

    /**
     * The DDL for this warehouse as it stands: the legacy table's rename where {@value LedgerTable#NAME} is still a
     * table, and the view over every per-target ledger already there as well as {@code tables}'.
     */
    public static List<String> statements(Connection c, Warehouse warehouse, Collection<SqlIdentifier> tables)
            throws SQLException {
        Set<SqlIdentifier> ledgers = new TreeSet<>(Comparator.comparing(SqlIdentifier::sql));
        Set<SqlIdentifier> histories = new TreeSet<>(Comparator.comparing(SqlIdentifier::sql));
        boolean legacyTable = false;
        try (PreparedStatement ps = c.prepareStatement("SELECT tablename FROM pg_tables WHERE schemaname = ?")) {
            ps.setString(1, LedgerTable.SCHEMA);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (name.startsWith(LedgerTable.PER_TARGET_PREFIX)) {
                        ledgers.add(SqlIdentifier.of(LedgerTable.SCHEMA + "." + name));
                    } else if (name.startsWith(EventFieldsTable.PER_TARGET_PREFIX)) {
                        histories.add(SqlIdentifier.of(LedgerTable.SCHEMA + "." + name));
                    }
                    legacyTable |= (LedgerTable.SCHEMA + "." + name).equals(LedgerTable.NAME);
                }
            }
        }
        return statements(warehouse, tables, legacyTable, ledgers, histories);
    }

    /** The DDL on a warehouse that holds no per-target table of another routing. */
    static List<String> statements(Warehouse warehouse, Collection<SqlIdentifier> tables, boolean legacyTable,
                                   Collection<SqlIdentifier> otherLedgers) {
        return statements(warehouse, tables, legacyTable, otherLedgers, List.of());
    }

    /**
     * Both views over per-target tables (the ledgers', the field histories') list every such table that exists as
     * well as {@code tables}': a loader started with an older routing re-creates them without dropping a newer
     * routing's tables, so the views only grow.
     */
    static List<String> statements(Warehouse warehouse, Collection<SqlIdentifier> tables, boolean legacyTable,
                                   Collection<SqlIdentifier> otherLedgers, Collection<SqlIdentifier> otherHistories) {
        List<String> sql = new ArrayList<>();
        sql.add(LedgerTable.createSchema());
        if (legacyTable) {
            sql.add(LedgerTable.renameToLegacy());
        }
        sql.add(LedgerTable.createTable(LedgerTable.LEGACY));
        Set<SqlIdentifier> ledgers = new TreeSet<>(Comparator.comparing(SqlIdentifier::sql));
        ledgers.addAll(otherLedgers);
        for (SqlIdentifier t : tables) {
            sql.add(LedgerTable.createTable(LedgerTable.of(t).sql()));
            ledgers.add(LedgerTable.of(t));
        }
        sql.addAll(warehouse.pick(() -> postgresStatements(tables), () -> redshiftStatements(tables)));
        sql.add(LedgerTable.createView(ledgers));
        sql.addAll(fieldHistory(tables, otherHistories));
        return sql;
    }

    /** The view's definition as the warehouse keeps it, or null when {@value LedgerTable#NAME} is no view. */
    private static String viewDefinition(Connection c) throws SQLException {
        SqlIdentifier view = SqlIdentifier.of(LedgerTable.NAME);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT definition FROM pg_views WHERE schemaname = ? AND viewname = ?")) {
            ps.setString(1, view.schema());
            ps.setString(2, view.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Whether the view's text names {@code ledger} as a whole word (not as the prefix of a longer name). */
    private static boolean names(String view, SqlIdentifier ledger) {
        return Pattern.compile("(?<![a-z0-9_])" + ledger.name() + "(?![a-z0-9_])").matcher(view).find();
    }

    private static List<String> redshiftStatements(Collection<SqlIdentifier> tables) {
        List<String> sql = new ArrayList<>();
        for (SqlIdentifier t : tables) {
            if (!t.schema().equals("public")) {
                sql.add(RedshiftCopyStatements.createSchema(t)); // Redshift has only public until then
            }
            sql.add(RedshiftCopyStatements.createTarget(t));
        }
        return sql;
    }

    private static List<String> postgresStatements(Collection<SqlIdentifier> tables) {
        List<String> sql = new ArrayList<>();
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
        return sql;
    }

    /** One history table per target (same DDL on both dialects), then the view over every history table. */
    private static List<String> fieldHistory(Collection<SqlIdentifier> tables, Collection<SqlIdentifier> others) {
        List<String> sql = new ArrayList<>();
        Set<SqlIdentifier> histories = new LinkedHashSet<>();
        tables.forEach(t -> {
            sql.add(EventFieldsTable.createTable(t));
            histories.add(EventFieldsTable.tableFor(t));
        });
        histories.addAll(others);
        if (!histories.isEmpty()) {
            sql.add(EventFieldsTable.createViewOver(histories));
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
