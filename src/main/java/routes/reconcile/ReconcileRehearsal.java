package routes.reconcile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every statement of a reconciliation once, inside the caller's transaction, and returns what each one
 * answered: {@code preflight} proves reconcile's SQL on the real warehouse this way, on two small tables it
 * creates and rolls back. {@link Reconciler} itself needs a read-only transaction, which cannot see tables the same
 * transaction has just written.
 */
public final class ReconcileRehearsal {

    private final ReconcileQueries queries;
    private final int timeoutSeconds;

    public ReconcileRehearsal(ReconcileQueries queries, int timeoutSeconds) {
        this.queries = queries;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Statement name → its rows, each row as its columns' text, in the order reconcile runs them. */
    public Map<String, List<List<String>>> run(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String setup : queries.sessionSetup()) {
                st.execute(setup);
            }
        }
        Map<String, BoundQuery> statements = new LinkedHashMap<>();
        statements.put("counts", queries.countsPerKeyHour());
        statements.put("ids", queries.idsPerKeyHour());
        statements.put("only-in-new", queries.onlyIn(true));
        statements.put("only-in-legacy", queries.onlyIn(false));
        statements.put("duplicates-new", queries.duplicates(true));
        statements.put("duplicates-legacy", queries.duplicates(false));
        statements.put("content", queries.contentDifferences());
        statements.put("latency", queries.latencyPerHour());
        statements.put("per-minute", queries.loadedPerMinute());
        Map<String, List<List<String>>> answers = new LinkedHashMap<>();
        for (Map.Entry<String, BoundQuery> s : statements.entrySet()) {
            try (PreparedStatement ps = s.getValue().prepare(c, timeoutSeconds); ResultSet rs = ps.executeQuery()) {
                List<List<String>> rows = new ArrayList<>();
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
                answers.put(s.getKey(), rows);
            } catch (SQLException e) {
                throw new SQLException("reconcile statement '" + s.getKey() + "' failed: " + e.getMessage(),
                        e.getSQLState(), e);
            }
        }
        return answers;
    }
}
