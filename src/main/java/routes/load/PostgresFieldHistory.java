package routes.load;

import routes.contract.EventFieldsTable;
import routes.contract.FieldType;
import routes.contract.SqlIdentifier;
import routes.fields.FieldChange;
import routes.fields.FieldCount;
import routes.fields.KnownFields;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * PostgreSQL's field-history step of a load: one statement, batched over the load's counts, upserts them into the
 * target's history table and returns what the table held for those paths before (all CTEs of one statement see the
 * same snapshot: https://www.postgresql.org/docs/14/queries-with.html#QUERIES-WITH-MODIFYING), from which the
 * changes follow. now() is the transaction's start: first_seen and last_seen are the load transaction's time.
 */
final class PostgresFieldHistory {

    private PostgresFieldHistory() {
    }

    /** Parameters: event keys, paths, types (varchar arrays), counts (bigint array), element by element. */
    static String upsert(SqlIdentifier target) {
        String history = EventFieldsTable.tableFor(target).sql();
        return "WITH o AS (SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[])"
                + " AS o(event_key, path, json_type, n)),"
                + " known AS (SELECT h.event_key, h.path, h.json_type FROM " + history + " h"
                + " WHERE (h.event_key, h.path) IN (SELECT event_key, path FROM o)),"
                + " up AS (INSERT INTO " + history + " AS h (" + EventFieldsTable.COLUMNS + ")"
                + " SELECT event_key, path, json_type, now(), now(), n FROM o"
                + " ON CONFLICT (event_key, path, json_type) DO UPDATE SET last_seen = EXCLUDED.last_seen,"
                + " events_seen = h.events_seen + EXCLUDED.events_seen RETURNING 1)"
                + " SELECT now(), k.event_key, k.path, k.json_type FROM (SELECT 1) one LEFT JOIN known k ON true";
    }

    static List<FieldChange> record(Connection c, SqlIdentifier target, List<FieldCount> counts) throws SQLException {
        if (counts.isEmpty()) {
            return List.of();
        }
        KnownFields known = new KnownFields();
        Instant at = null;
        try (PreparedStatement ps = c.prepareStatement(upsert(target))) {
            ps.setArray(1, c.createArrayOf("varchar", counts.stream().map(FieldCount::eventKey).toArray()));
            ps.setArray(2, c.createArrayOf("varchar", counts.stream().map(FieldCount::path).toArray()));
            ps.setArray(3, c.createArrayOf("varchar", counts.stream().map(f -> f.type().wireName()).toArray()));
            ps.setArray(4, c.createArrayOf("bigint", counts.stream().map(FieldCount::events).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    at = rs.getObject(1, OffsetDateTime.class).toInstant();
                    if (rs.getString(2) != null) {
                        known.add(rs.getString(2), rs.getString(3), FieldType.ofWireName(rs.getString(4)));
                    }
                }
            }
        }
        return known.changes(counts, at);
    }
}
