package routes.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reads the warehouse back (PostgreSQL): row counts, distinct ids, ledger; and runs a test's own statement on it. */
public final class Warehouse {

    private Warehouse() {
    }

    public static long count(String sql) {
        try (Connection c = EmbeddedServices.dataSource().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            // The table does not exist yet (or the database is down): nothing loaded that we can see.
            return -1;
        }
    }

    /** Runs {@code sql} as the pipeline's database user (e.g. a REVOKE that makes an outage). */
    public static void execute(String sql) throws SQLException {
        try (Connection c = EmbeddedServices.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    public static long rows(String table) {
        return count("select count(*) from " + table);
    }

    public static long distinctIds(String table) {
        return count("select count(distinct event_id) from " + table);
    }
}
