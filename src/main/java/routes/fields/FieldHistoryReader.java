package routes.fields;

import routes.contract.EventFieldsTable;
import routes.contract.FieldType;
import routes.contract.GlobPattern;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the field history through its one public name, {@link EventFieldsTable#NAME} (a table or the loader's view
 * over one history table per target table: the same columns), in SQL that PostgreSQL and Redshift both run. The
 * key glob reaches SQL only as a bound {@code LIKE} pattern; its escape character is the backslash, the default of
 * both (https://docs.aws.amazon.com/redshift/latest/dg/r_patternmatching_condition_like.html).
 */
public final class FieldHistoryReader {

    static final String ROWS = "SELECT event_key, path, json_type, first_seen, last_seen, events_seen FROM "
            + EventFieldsTable.NAME + " WHERE event_key LIKE ? ORDER BY event_key, path, first_seen, json_type";

    /** Paths whose newest row was last seen before the bound time: "not seen" for longer than the setting. */
    static final String QUIET_PATHS = "SELECT count(*) FROM (SELECT event_key, path FROM " + EventFieldsTable.NAME
            + " GROUP BY event_key, path HAVING max(last_seen) < ?) quiet";

    /**
     * The rows of the paths that went quiet in a time range: their newest last_seen lies in [?, ?). A path whose
     * types were last seen at the same instant gives one row per such type.
     */
    static final String NEWLY_QUIET = "SELECT f.event_key, f.path, f.json_type, f.first_seen, f.last_seen, f.events_seen"
            + " FROM " + EventFieldsTable.NAME + " f JOIN (SELECT event_key, path, max(last_seen) AS newest FROM "
            + EventFieldsTable.NAME + " GROUP BY event_key, path HAVING max(last_seen) >= ? AND max(last_seen) < ?) q"
            + " ON f.event_key = q.event_key AND f.path = q.path AND f.last_seen = q.newest ORDER BY f.last_seen, f.event_key, f.path";

    private FieldHistoryReader() {
    }

    /** Every row of the event keys matching {@code keys}, by key, path and first-seen time. */
    public static List<FieldHistoryRow> rows(Connection c, GlobPattern keys) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ROWS)) {
            ps.setString(1, keys.like());
            return read(ps);
        }
    }

    /** How many paths were last seen before {@code before}. */
    public static long quietPaths(Connection c, java.time.Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(QUIET_PATHS)) {
            ps.setTimestamp(1, Timestamp.from(before));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The newest rows of the paths last seen in [{@code from}, {@code to}), oldest first. */
    public static List<FieldHistoryRow> lastSeenBetween(Connection c, java.time.Instant from, java.time.Instant to)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(NEWLY_QUIET)) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            return read(ps);
        }
    }

    private static List<FieldHistoryRow> read(PreparedStatement ps) throws SQLException {
        List<FieldHistoryRow> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new FieldHistoryRow(rs.getString(1), rs.getString(2), FieldType.ofWireName(rs.getString(3)),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(), rs.getLong(6)));
            }
        }
        return rows;
    }
}
