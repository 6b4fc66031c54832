package routes.load;

import routes.batch.BatchNotification;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Amazon Redshift (production). One cycle = one manifest ({@code manifests/<table>/<loadId>.manifest})
 * listing every batch object, one {@code COPY … FORMAT JSON 'noshred' GZIP MANIFEST} into a SUPER staging
 * table, one deduplicating INSERT, one ledger row per batch, all in one transaction. All SQL text comes
 * from {@link RedshiftCopyStatements}.
 *
 * <p>Because a single manifest COPY cannot tell which file a staged row came from, the target's
 * {@code batch_id} column holds the cycle's load id, and the ledger maps each batch_id to that load_id
 * ({@code SELECT … FROM event_pipeline.loads WHERE load_id = t.batch_id}). For the same reason the ledger's
 * per-batch {@code rows_inserted}/{@code duplicates_skipped} are NULL; the cycle totals are in the load
 * report and log line. Integrity is still checked per cycle: the staged row count must equal the sum of
 * the notifications' record counts, and the manifest marks every file mandatory.
 *
 * <p>A failed COPY aborts the transaction; after ROLLBACK the same session reads the error from
 * {@code sys_load_error_detail} (falling back to {@code stl_load_errors}). If the failing file is one of
 * the cycle's objects, that batch is rejected and the cycle retried without it; otherwise the cycle fails
 * transiently and is retried with backoff.
 */
public final class RedshiftDialect implements WarehouseDialect {

    public static final String NAME = "redshift";

    private final RedshiftCopyStatements statements;
    private final ManifestWriter manifests;
    private final String bucket;

    public RedshiftDialect(RedshiftCopyStatements statements, ManifestWriter manifests, String bucket) {
        if (!S3Names.isValidBucket(bucket)) {
            throw new IllegalArgumentException("invalid bucket name in configuration");
        }
        this.statements = statements;
        this.manifests = manifests;
        this.bucket = bucket;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void begin(Connection c, Duration statementTimeout) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RedshiftCopyStatements.setStatementTimeout())) {
            ps.setString(1, Long.toString(statementTimeout.toMillis()));
            ps.execute();
        }
    }

    @Override
    public void lock(Connection c, SqlIdentifier table) throws SQLException {
        execute(c, RedshiftCopyStatements.lock(table));
    }

    @Override
    public Set<String> alreadyLoaded(Connection c, Collection<String> batchIds) throws SQLException {
        Set<String> loaded = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(RedshiftCopyStatements.selectLoadedBatches(batchIds.size()))) {
            int i = 1;
            for (String id : batchIds) {
                ps.setString(i++, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    loaded.add(rs.getString(1));
                }
            }
        }
        return loaded;
    }

    @Override
    public Staged stage(Connection c, SqlIdentifier table, String loadId, List<BatchNotification> batches)
            throws SQLException, BatchRejectedException {
        Map<String, BatchNotification> byUrl = new HashMap<>();
        List<String> urls = new ArrayList<>();
        long expected = 0;
        for (BatchNotification b : batches) {
            String url = "s3://" + bucket + "/" + b.key();
            urls.add(url);
            byUrl.put(url, b);
            expected += b.recordCount();
        }
        String manifestKey = RedshiftCopyStatements.manifestKey(table, loadId);
        try {
            manifests.put(bucket, manifestKey, RedshiftCopyStatements.manifestJson(urls));
        } catch (IOException e) {
            throw new SQLTransientException("manifest write failed", e);
        }
        execute(c, RedshiftCopyStatements.dropStage());
        execute(c, RedshiftCopyStatements.createStage());
        Timestamp before = serverTime(c);
        try {
            execute(c, statements.copy(RedshiftCopyStatements.manifestUrl(bucket, manifestKey)));
        } catch (SQLException e) {
            if (isTransient(e)) {
                throw e;
            }
            c.rollback();
            Optional<String[]> error = lastLoadError(c, before);
            String reason = error.map(r -> "COPY failed on " + r[0] + " line " + r[1] + ": " + r[3])
                    .orElse("COPY failed: " + e.getMessage());
            BatchNotification culprit = error.map(r -> byUrl.get(r[0])).orElse(null);
            if (culprit != null) {
                throw new BatchRejectedException(culprit, reason);
            }
            throw new SQLTransientException(reason, e);
        }
        long staged = stageCount(c);
        if (staged != expected) {
            throw new SQLTransientException("COPY staged " + staged + " rows, notifications promise " + expected);
        }
        return new Staged(batches, Map.of(), List.of(), staged);
    }

    private static Timestamp serverTime(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(RedshiftCopyStatements.serverTime())) {
            rs.next();
            return rs.getTimestamp(1);
        }
    }

    /** file name, line, error code, message of this session's latest load error, if any is recorded. */
    private static Optional<String[]> lastLoadError(Connection c, Timestamp since) {
        for (String sql : List.of(RedshiftCopyStatements.lastLoadError(), RedshiftCopyStatements.lastLoadErrorLegacy())) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setTimestamp(1, since);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return Optional.of(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                    }
                }
                c.rollback();
            } catch (SQLException e) {
                try {
                    c.rollback(); // the view may not exist on this cluster; try the next one
                } catch (SQLException ignored) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static long stageCount(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + RedshiftCopyStatements.STAGE)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public Merged merge(Connection c, SqlIdentifier table, String loadId, Staged staged) throws SQLException {
        OffsetDateTime from;
        OffsetDateTime to;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(RedshiftCopyStatements.stageStats())) {
            rs.next();
            from = rs.getObject(1, OffsetDateTime.class); // java.time keeps the instant independent of JVM zone
            to = rs.getObject(2, OffsetDateTime.class);
        }
        long inserted = 0;
        if (from != null) {
            try (PreparedStatement ps = c.prepareStatement(RedshiftCopyStatements.insertDeduplicated(table))) {
                ps.setString(1, loadId);
                ps.setObject(2, from);
                ps.setObject(3, to);
                inserted = ps.executeUpdate();
            }
        }
        execute(c, RedshiftCopyStatements.dropStage()); // keep the pooled session clean
        return new Merged(inserted, staged.totalRows() - inserted, Map.of());
    }

    @Override
    public void recordLoads(Connection c, SqlIdentifier table, String loadId, List<LedgerEntry> entries)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RedshiftCopyStatements.insertLedger())) {
            for (LedgerEntry e : entries) {
                ps.setString(1, e.batch().batchId());
                ps.setString(2, table.sql());
                ps.setString(3, e.batch().key());
                ps.setLong(4, e.batch().recordCount());
                ps.setObject(5, e.rowsInserted(), java.sql.Types.BIGINT);
                ps.setObject(6, e.duplicatesSkipped(), java.sql.Types.BIGINT);
                ps.setString(7, loadId);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
