package routes.reconcile;

import routes.reconcile.ReconcileReport.ContentDiffs;
import routes.reconcile.ReconcileReport.ContentRow;
import routes.reconcile.ReconcileReport.DuplicateRow;
import routes.reconcile.ReconcileReport.Duplicates;
import routes.reconcile.ReconcileReport.IdRow;
import routes.reconcile.ReconcileReport.IdSample;
import routes.reconcile.ReconcileReport.KeyHour;
import routes.reconcile.ReconcileReport.Latency;
import routes.reconcile.ReconcileReport.MinuteCount;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs {@link ReconcileQueries} on one read-only connection, in one repeatable-read transaction (one
 * snapshot for every query, even while loads go on), and turns the bounded results into a report.
 */
public final class Reconciler {

    private final ReconcileQueries queries;
    private final ReconcileOptions options;

    public Reconciler(ReconcileOptions options, ReconcileQueries queries) {
        this.options = options;
        this.queries = queries;
    }

    public ReconcileReport run(Connection c, List<String> recheckedHours) throws SQLException {
        long started = System.nanoTime();
        c.setReadOnly(true);
        c.setAutoCommit(false); // PostgreSQL's driver applies read-only per transaction
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement st = c.createStatement()) {
            for (String setup : queries.sessionSetup()) {
                st.execute(setup);
            }
            List<KeyHour> keyHours = keyHours(c);
            boolean candidates = keyHours.stream().anyMatch(k -> k.contentDiffers() > 0);
            Content content = candidates ? content(c) : Content.NONE;
            keyHours = content.apply(keyHours);
            long onlyNew = keyHours.stream().mapToLong(KeyHour::onlyInNew).sum();
            long onlyLegacy = keyHours.stream().mapToLong(KeyHour::onlyInLegacy).sum();
            IdSample onlyInNew = new IdSample(onlyNew, onlyNew > 0 ? onlyIn(c, true) : List.of());
            IdSample onlyInLegacy = new IdSample(onlyLegacy, onlyLegacy > 0 ? onlyIn(c, false) : List.of());
            Duplicates newDuplicates = duplicates(c, true);
            Duplicates legacyDuplicates = duplicates(c, false);
            List<Latency> latency = latency(c);
            List<MinuteCount> perMinute = perMinute(c);
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            return ReportAssembler.assemble(options, recheckedHours, keyHours, onlyInNew, onlyInLegacy,
                    newDuplicates, legacyDuplicates, content.diffs(), latency, perMinute, elapsedMs);
        } finally {
            c.rollback();
        }
    }

    private List<KeyHour> keyHours(Connection c) throws SQLException {
        Map<String, KeyHour> byKeyHour = new TreeMap<>();
        try (PreparedStatement ps = queries.countsPerKeyHour().prepare(c, options.statementTimeoutSeconds());
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String key = rs.getString(1);
                String hour = time(rs, 2);
                long newRows = rs.getLong(3);
                long legacyRows = rs.getLong(5);
                byKeyHour.put(hour + " " + key, new KeyHour(key, hour, newRows, legacyRows,
                        newRows - rs.getLong(4), legacyRows - rs.getLong(6), 0, 0, 0));
            }
        }
        try (PreparedStatement ps = queries.idsPerKeyHour().prepare(c, options.statementTimeoutSeconds());
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String key = rs.getString(1);
                String hour = time(rs, 2);
                KeyHour k = byKeyHour.getOrDefault(hour + " " + key, new KeyHour(key, hour, 0, 0, 0, 0, 0, 0, 0));
                byKeyHour.put(hour + " " + key, new KeyHour(key, hour, k.newRows(), k.legacyRows(),
                        k.newDuplicateRows(), k.legacyDuplicateRows(), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
            }
        }
        return new ArrayList<>(byKeyHour.values());
    }

    private List<IdRow> onlyIn(Connection c, boolean inNew) throws SQLException {
        List<IdRow> sample = new ArrayList<>();
        try (PreparedStatement ps = queries.onlyIn(inNew).prepare(c, options.statementTimeoutSeconds());
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sample.add(new IdRow(rs.getString(1), rs.getString(2), time(rs, 3)));
            }
        }
        return sample;
    }

    private Duplicates duplicates(Connection c, boolean inNew) throws SQLException {
        List<DuplicateRow> sample = new ArrayList<>();
        long ids = 0;
        long extraRows = 0;
        try (PreparedStatement ps = queries.duplicates(inNew).prepare(c, options.statementTimeoutSeconds());
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sample.add(new DuplicateRow(rs.getString(1), rs.getLong(2)));
                ids = rs.getLong(3);
                extraRows = rs.getLong(4) - ids;
            }
        }
        return new Duplicates(ids, extraRows, sample);
    }

    private Content content(Connection c) throws SQLException {
        Map<String, Long> differingPerKeyHour = new LinkedHashMap<>();
        Map<String, Long> paths = new TreeMap<>();
        Map<String, ContentRow> sample = new LinkedHashMap<>();
        try (PreparedStatement ps = queries.contentDifferences().prepare(c, options.statementTimeoutSeconds());
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String kind = rs.getString(1);
                String key = rs.getString(2);
                String hour = time(rs, 3);
                String path = rs.getString(4);
                switch (kind) {
                    case "hour" -> differingPerKeyHour.put(hour + " " + key, rs.getLong(5));
                    case "path" -> paths.merge(path, rs.getLong(5), Long::sum);
                    default -> sample.computeIfAbsent(rs.getString(6),
                            id -> new ContentRow(id, key, hour, new ArrayList<>())).paths().add(path);
                }
            }
        }
        long ids = differingPerKeyHour.values().stream().mapToLong(Long::longValue).sum();
        return new Content(differingPerKeyHour, new ContentDiffs(ids, byCountDescending(paths),
                sample.values().stream().sorted(java.util.Comparator.comparing(ContentRow::id)).toList()));
    }

    private List<Latency> latency(Connection c) throws SQLException {
        List<Latency> latency = new ArrayList<>();
        try (PreparedStatement ps = queries.latencyPerHour().prepare(c, options.statementTimeoutSeconds());
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                latency.add(new Latency(rs.getString(1), time(rs, 2), rs.getLong(3), rs.getDouble(4),
                        rs.getDouble(5), rs.getDouble(6), rs.getDouble(7)));
            }
        }
        return latency;
    }

    private List<MinuteCount> perMinute(Connection c) throws SQLException {
        List<MinuteCount> minutes = new ArrayList<>();
        try (PreparedStatement ps = queries.loadedPerMinute().prepare(c, options.statementTimeoutSeconds());
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                minutes.add(new MinuteCount(time(rs, 1), rs.getLong(2), rs.getLong(3)));
            }
        }
        return minutes;
    }

    private static Map<String, Long> byCountDescending(Map<String, Long> counts) {
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** A timestamptz column as an ISO-8601 UTC string (the session runs in UTC). */
    private static String time(ResultSet rs, int column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant().toString();
    }

    /** Differing ids per "hour key" from the content query, and what the report shows of them. */
    private record Content(Map<String, Long> perKeyHour, ContentDiffs diffs) {
        static final Content NONE = new Content(Map.of(), new ContentDiffs(0, Map.of(), List.of()));

        /** Replaces the hash-based candidates with the ids whose paths really differ. */
        List<KeyHour> apply(List<KeyHour> keyHours) {
            return keyHours.stream().map(k -> new KeyHour(k.eventKey(), k.hour(), k.newRows(), k.legacyRows(),
                    k.newDuplicateRows(), k.legacyDuplicateRows(), k.onlyInNew(), k.onlyInLegacy(),
                    perKeyHour.getOrDefault(k.hour() + " " + k.eventKey(), 0L))).toList();
        }
    }
}
