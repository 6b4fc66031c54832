package routes.preflight;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.contract.LedgerTable;
import routes.contract.SqlIdentifier;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The warehouse as the loader will meet it: a connection from the loader's own pool settings, the server
 * version, collation, time zone, the grants the load transaction needs, and whether the ledger and target
 * tables exist (or may be created by the loader at start). Read-only: every statement is a catalog query.
 */
public final class WarehouseCheck implements PreflightCheck {

    private static final Logger LOG = LoggerFactory.getLogger(WarehouseCheck.class);
    private static final int QUERY_TIMEOUT_S = 10;
    /** The legacy ledger: read by every load, written by none (docs/redshift.md §4.6). */
    static final SqlIdentifier LEGACY_LEDGER = SqlIdentifier.of(LedgerTable.LEGACY);
    /** Where it is still a table, the loader's first start renames it ({@link routes.load.WarehouseSchema}). */
    static final SqlIdentifier SHARED_LEDGER = SqlIdentifier.of(LedgerTable.NAME);

    private final DataSource dataSource;
    private final PreflightStatements sql;
    private final String target;
    private final Collection<SqlIdentifier> tables;

    public WarehouseCheck(DataSource dataSource, PreflightStatements sql, String target, Collection<SqlIdentifier> tables) {
        this.dataSource = dataSource;
        this.sql = sql;
        this.target = target;
        this.tables = tables;
    }

    @Override
    public List<CheckResult> run() {
        List<CheckResult> lines = new ArrayList<>();
        long started = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            lines.add(CheckResult.pass("warehouse.connect", "connected to " + target + " as "
                    + text(c, "SELECT current_user") + " in " + (System.nanoTime() - started) / 1_000_000 + " ms"));
            lines.add(CheckResult.pass("warehouse.version", text(c, sql.version())));
            lines.add(collation(c));
            lines.add(timeZone(c));
            lines.add(grants(c));
            lines.add(schema(c));
        } catch (SQLException | RuntimeException e) {
            LOG.debug("warehouse check failed", e);
            String check = lines.isEmpty() ? "warehouse.connect" : "warehouse.query";
            lines.add(CheckResult.fail(check, (lines.isEmpty() ? "cannot connect to " + target + ": " : "")
                    + Failures.describe(e), "check " + Failures.warehouseSetting(e)));
        }
        return lines;
    }

    /** Whether {@link #run}'s lines say the warehouse answered (the canary load needs it). */
    public static boolean connected(List<CheckResult> lines) {
        return lines.stream().anyMatch(l -> l.check().equals("warehouse.connect") && l.status() == CheckStatus.PASS);
    }

    private CheckResult collation(Connection c) throws SQLException {
        String collation = text(c, sql.collation());
        if (sql.refusesCollation(collation)) {
            return CheckResult.fail("warehouse.collation", "database collation is case_insensitive",
                    "event_id comparisons would merge ids that differ only in case: use a case_sensitive database in pipeline.warehouse.jdbc-url");
        }
        return CheckResult.pass("warehouse.collation", sql.describeCollation(collation));
    }

    private CheckResult timeZone(Connection c) throws SQLException {
        String zone = text(c, sql.timeZone());
        if (zone.equalsIgnoreCase("UTC") || zone.equalsIgnoreCase("Etc/UTC")) {
            return CheckResult.pass("warehouse.timezone", "session time zone " + zone);
        }
        return CheckResult.warn("warehouse.timezone", "session time zone " + zone,
                "occurred_at is TIMESTAMPTZ, so stored instants are right; set the user's timezone to UTC so ad-hoc queries show UTC");
    }

    private CheckResult grants(Connection c) throws SQLException {
        List<String> missing = new ArrayList<>();
        List<String> held = new ArrayList<>();
        (bool(c, sql.tempPrivilege()) ? held : missing).add("TEMP on the database (the stage)");
        if (exists(c, LEGACY_LEDGER)) {
            boolean has = bool(c, sql.tablePrivilege(), LEGACY_LEDGER.sql(), "SELECT");
            (has ? held : missing).add("SELECT on " + LEGACY_LEDGER.sql() + " (the loads read the legacy ledger)");
        }
        List<SqlIdentifier> existing = new ArrayList<>();
        tables.stream().map(LedgerTable::of).filter(t -> exists(c, t)).forEach(existing::add);
        tables.stream().filter(t -> exists(c, t)).forEach(existing::add);
        for (SqlIdentifier t : existing) {
            for (Map.Entry<String, String> p : sql.tablePrivileges().entrySet()) {
                boolean has = bool(c, sql.tablePrivilege(), t.sql(), p.getKey());
                (has ? held : missing).add(p.getKey() + " on " + t.sql() + " (" + p.getValue() + ")");
            }
        }
        if (!missing.isEmpty()) {
            return CheckResult.fail("warehouse.grants", "missing: " + String.join("; ", missing),
                    "GRANT them to " + text(c, "SELECT current_user"));
        }
        return CheckResult.pass("warehouse.grants", held.size() + " needed privileges held"
                + sql.grantsNote());
    }

    private CheckResult schema(Connection c) throws SQLException {
        List<String> absent = new ArrayList<>();
        List<SqlIdentifier> all = new ArrayList<>(List.of(LEGACY_LEDGER));
        tables.forEach(t -> all.add(LedgerTable.of(t)));
        all.addAll(tables);
        for (SqlIdentifier t : all) {
            if (!exists(c, t)) {
                absent.add(t.sql());
            }
        }
        if (exists(c, SHARED_LEDGER)) {
            // the one ledger table of earlier releases: the loader's next start renames it, which only its owner may
            return CheckResult.warn("warehouse.schema", SHARED_LEDGER.sql() + " is still the one ledger table; absent: "
                            + absent, "start the loader once as the table's owner (or run the statements of"
                            + " docs/redshift.md §4.6): it renames it to " + LEGACY_LEDGER.sql()
                            + " and creates the per-target ledgers and the view");
        }
        if (absent.isEmpty()) {
            return CheckResult.pass("warehouse.schema", "ledgers and target tables exist: " + all);
        }
        boolean canCreate = bool(c, sql.createSchemaPrivilege())
                || all.stream().allMatch(t -> schemaExists(c, t.schema()) && bool(c, sql.schemaPrivilege(), t.schema(), "CREATE"));
        if (!canCreate) {
            return CheckResult.fail("warehouse.schema", "absent: " + absent + " and no CREATE privilege to make them",
                    "create them, or GRANT CREATE to " + text(c, "SELECT current_user"));
        }
        return CheckResult.warn("warehouse.schema", "absent: " + absent,
                "the loader creates them at start (CREATE is granted; the canary load runs that DDL and rolls it back)");
    }

    private boolean exists(Connection c, SqlIdentifier t) {
        return count(c, sql.tableExists(), t.schema(), t.name()) > 0;
    }

    private boolean schemaExists(Connection c, String schema) {
        return count(c, sql.schemaExists(), schema) > 0;
    }

    private static long count(Connection c, String query, String... params) {
        try (PreparedStatement ps = prepare(c, query, params); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(Failures.describe(e), e);
        }
    }

    private static boolean bool(Connection c, String query, String... params) {
        try (PreparedStatement ps = prepare(c, query, params); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException(Failures.describe(e), e);
        }
    }

    private static String text(Connection c, String query) throws SQLException {
        try (PreparedStatement ps = prepare(c, query); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return String.valueOf(rs.getString(1));
        }
    }

    private static PreparedStatement prepare(Connection c, String query, String... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(query);
        ps.setQueryTimeout(QUERY_TIMEOUT_S);
        for (int i = 0; i < params.length; i++) {
            ps.setString(i + 1, params[i]);
        }
        return ps;
    }
}
