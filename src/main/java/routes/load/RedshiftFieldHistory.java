package routes.load;

import routes.contract.FieldType;
import routes.contract.SqlIdentifier;
import routes.fields.FieldChange;
import routes.fields.FieldCount;
import routes.fields.KnownFields;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Redshift's field-history step of a load: read the known rows, UPDATE them, INSERT the new ones (RedshiftFieldStatements). */
final class RedshiftFieldHistory {

    private RedshiftFieldHistory() {
    }

    static List<FieldChange> record(Connection c, SqlIdentifier target, List<FieldCount> counts) throws SQLException {
        if (counts.isEmpty()) {
            return List.of();
        }
        KnownFields known = known(c, target, counts);
        List<FieldCount> seenAgain = new ArrayList<>();
        List<FieldCount> fresh = new ArrayList<>();
        counts.forEach(f -> (known.has(f) ? seenAgain : fresh).add(f));
        for (List<FieldCount> rows : chunks(seenAgain)) {
            write(c, RedshiftFieldStatements.updateKnown(target, rows.size()), rows);
        }
        for (List<FieldCount> rows : chunks(fresh)) {
            write(c, RedshiftFieldStatements.insertNew(target, rows.size()), rows);
        }
        return fresh.isEmpty() ? List.of() : known.changes(counts, transactionTime(c));
    }

    private static KnownFields known(Connection c, SqlIdentifier target, List<FieldCount> counts) throws SQLException {
        Set<String> keys = new LinkedHashSet<>();
        counts.forEach(f -> keys.add(f.eventKey()));
        List<String> all = List.copyOf(keys);
        KnownFields known = new KnownFields();
        for (int from = 0; from < all.size(); from += RedshiftFieldStatements.MAX_KEYS_PER_READ) {
            List<String> part = all.subList(from, Math.min(all.size(), from + RedshiftFieldStatements.MAX_KEYS_PER_READ));
            try (PreparedStatement ps = c.prepareStatement(RedshiftFieldStatements.selectKnown(target, part.size()))) {
                for (int i = 0; i < part.size(); i++) {
                    ps.setString(i + 1, part.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        known.add(rs.getString(1), rs.getString(2), FieldType.ofWireName(rs.getString(3).trim()));
                    }
                }
            }
        }
        return known;
    }

    private static void write(Connection c, String sql, List<FieldCount> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            for (FieldCount f : rows) {
                ps.setString(p++, f.eventKey());
                ps.setString(p++, f.path());
                ps.setString(p++, f.type().wireName());
                ps.setLong(p++, f.events());
            }
            ps.executeUpdate();
        }
    }

    private static Instant transactionTime(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(RedshiftFieldStatements.transactionTime())) {
            rs.next();
            // SYSDATE has no zone: it is the session's, UTC on the loader's connections (RedshiftCopyStatements.sessionTimeZone)
            // (a timestamp without zone: the driver's Timestamp gives its wall-clock fields back through toLocalDateTime)
            return rs.getTimestamp(1).toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
    }

    private static List<List<FieldCount>> chunks(List<FieldCount> rows) {
        List<List<FieldCount>> chunks = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += RedshiftFieldStatements.MAX_ROWS_PER_STATEMENT) {
            chunks.add(rows.subList(from, Math.min(rows.size(), from + RedshiftFieldStatements.MAX_ROWS_PER_STATEMENT)));
        }
        return chunks;
    }
}
