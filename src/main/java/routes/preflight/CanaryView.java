package routes.preflight;

import routes.contract.SqlIdentifier;
import routes.fields.ViewColumn;
import routes.fields.ViewColumnType;
import routes.fields.ViewStatements;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The views per event key rehearsed inside the canary's transaction, which the caller rolls back: the schema (when
 * missing), a view of the canary key with a string, a bigint and a number column (on Redshift: late-binding, over
 * SUPER, with the type functions), a read of it, the catalog reads a re-creation makes (its columns, its grants),
 * DROP VIEW. Every statement the loader's view keeper sends, in the order it sends them, with the loader's rights.
 */
final class CanaryView {

    static final String CHECK = "canary.view";
    private static final List<ViewColumn> COLUMNS = List.of(
            new ViewColumn("data", "data", List.of("data"), ViewColumnType.STRING),
            new ViewColumn("min_long", "min_long", List.of("min_long"), ViewColumnType.BIGINT),
            new ViewColumn("tenth", "tenth", List.of("tenth"), ViewColumnType.NUMBER));

    private final ViewStatements sql;
    private final String schema;
    private final SqlIdentifier view;

    CanaryView(ViewStatements sql, String schema, String runId) {
        this.sql = sql;
        this.schema = schema;
        this.view = SqlIdentifier.of(schema + ".preflight_canary_" + runId.replaceAll("[^a-f0-9]", "").substring(0, 8));
    }

    /** Runs on {@code c} inside the caller's transaction; never commits. */
    CheckResult rehearse(Connection c, SqlIdentifier target) {
        try {
            execute(c, sql.boundWaits());
            if (count(c, sql.schemaExists(), schema) == 0) {
                execute(c, sql.createSchema(schema));
            }
            execute(c, sql.createView(false, view, target, CanaryEvents.EVENT_KEY, COLUMNS));
            long rows;
            long strings;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*), count(data), count(min_long), count(tenth) FROM " + view.sql())) {
                rs.next();
                rows = rs.getLong(1);
                strings = rs.getLong(2);
            }
            int columns = rowsOf(c, sql.currentColumns());
            int grants = rowsOf(c, sql.grants());
            execute(c, sql.dropView(view));
            return CheckResult.pass(CHECK, "created, read (" + rows + " canary rows, " + strings + " with a typed string) and"
                    + " dropped " + view + " (" + columns + " columns in the catalog, " + grants + " grants readable); rolled back");
        } catch (SQLException e) {
            return CheckResult.fail(CHECK, "the view per event key could not be made in " + schema + ": " + Failures.describe(e),
                    "grant CREATE on schema " + schema + " (or on the database to create it) to the loader, or set"
                            + " pipeline.views.enabled=false (docs/redshift.md §1.4)");
        }
    }

    private int rowsOf(Connection c, String query) throws SQLException {
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement(query)) {
            ps.setString(1, view.schema());
            ps.setString(2, view.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    n++;
                }
            }
        }
        return n;
    }

    private static long count(Connection c, String query, String parameter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(query)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void execute(Connection c, String statement) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }
}
