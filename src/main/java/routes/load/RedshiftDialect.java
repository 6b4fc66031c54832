package routes.load;

import routes.contract.S3BucketName;
import routes.contract.BatchNotification;
import routes.contract.SqlIdentifier;
import routes.contract.Warehouse;
import routes.fields.FieldChange;
import routes.fields.FieldCount;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Amazon Redshift (production). One cycle = one manifest ({@code manifests/<table>/<loadId>.manifest})
 * listing every batch object, one {@code COPY … FORMAT JSON 'noshred' GZIP MANIFEST} into the cycle's own SUPER
 * staging table, a check of what was staged, one deduplicating INSERT, one ledger row per batch, all in one
 * transaction. All SQL text comes from {@link RedshiftCopyStatements}; docs/redshift.md cites the AWS pages.
 *
 * <p>Because a single manifest COPY cannot tell which file a staged row came from, the target's
 * {@code batch_id} column holds the cycle's load id, and the ledger maps each batch_id to that load_id
 * ({@code SELECT … FROM event_pipeline.loads WHERE load_id = t.batch_id}). For the same reason the ledger's
 * per-batch {@code rows_inserted}/{@code duplicates_skipped} are NULL; the cycle totals are in the load
 * report and log line.
 *
 * <p>What can be pinned on one batch is: an object that is missing before the COPY (HEAD, side by side on the
 * {@link ObjectFetcher}'s threads), reported in {@link Staged#failed()}; a COPY error whose file name or error text names one batch's object, which is
 * rejected ({@link BatchRejectedException}) so the cycle is retried without it. Everything else (a staged row
 * count that differs from the notifications', rows whose columns cannot be extracted, an error at merge time,
 * an access or syntax error) fails the attempt without blame, and the load plan ({@link LoadPlan}) isolates the batch at
 * fault by splitting the cycle, or pauses the table (docs/redshift.md §4.3).
 */
public final class RedshiftDialect implements WarehouseDialect {

    private final RedshiftCopyStatements statements;
    private final ManifestWriter manifests;
    private final ObjectFetcher objects;
    private final String bucket;

    /** One HEAD request at a time (tests). */
    public RedshiftDialect(RedshiftCopyStatements statements, ManifestWriter manifests, ObjectStore objects,
                           String bucket) {
        this(statements, manifests, ObjectFetcher.direct(objects), bucket);
    }

    /** {@code objects} runs the HEAD requests before each manifest side by side. */
    public RedshiftDialect(RedshiftCopyStatements statements, ManifestWriter manifests, ObjectFetcher objects,
                           String bucket) {
        if (!S3BucketName.isValid(bucket)) {
            throw new IllegalArgumentException("invalid bucket name in configuration");
        }
        this.statements = statements;
        this.manifests = manifests;
        this.objects = objects;
        this.bucket = bucket;
    }

    @Override
    public Warehouse warehouse() {
        return Warehouse.REDSHIFT;
    }

    /** A database created {@code COLLATE CASE_INSENSITIVE} would merge event ids that differ only by case. */
    @Override
    public void verifyDatabase(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(RedshiftCopyStatements.databaseCollation())) {
            String collation = rs.next() ? rs.getString(1) : null;
            if (collation == null || !collation.trim().equalsIgnoreCase("case_sensitive")) {
                throw new IllegalStateException("the warehouse database's collation is " + collation
                        + "; the loader needs case_sensitive, or event ids differing only by case are merged as"
                        + " duplicates (create the database without COLLATE CASE_INSENSITIVE; docs/redshift.md)");
            }
        }
    }

    /** Before the LOCK: the timeout then bounds the wait for it, and the SUPER navigation is case-sensitive. */
    @Override
    public void begin(Connection c, Duration statementTimeout) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RedshiftCopyStatements.setStatementTimeout())) {
            ps.setString(1, Long.toString(statementTimeout.toMillis()));
            ps.execute();
        }
        execute(c, RedshiftCopyStatements.caseSensitiveSuperAttributes());
    }

    @Override
    public void lock(Connection c, SqlIdentifier table) throws SQLException {
        execute(c, RedshiftCopyStatements.lock(table));
    }

    @Override
    public List<String> objectsWrittenBy(SqlIdentifier table, String loadId) {
        return List.of(RedshiftCopyStatements.manifestKey(table, loadId));
    }

    /** One COPY stages every object of the load: a batch at fault fails it whole. */
    @Override
    public boolean stagesEachBatchApart() {
        return false;
    }

    /** The target's own ledger, then the legacy one (read only, §4.6). */
    @Override
    public Set<String> alreadyLoaded(Connection c, SqlIdentifier table, Collection<String> batchIds) throws SQLException {
        Set<String> loaded = new HashSet<>();
        select(c, RedshiftCopyStatements.selectLoadedBatches(table, batchIds.size()), batchIds, loaded);
        select(c, RedshiftCopyStatements.selectLegacyLoadedBatches(batchIds.size()), batchIds, loaded);
        return loaded;
    }

    private static void select(Connection c, String sql, Collection<String> batchIds, Set<String> loaded)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
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
    }

    @Override
    public Staged stage(Connection c, SqlIdentifier table, String loadId, List<BatchNotification> batches)
            throws SQLException, BatchRejectedException {
        ManifestCopy copy = prepareCopy(c, table, loadId, batches);
        if (copy.sql() != null) {
            try {
                execute(c, copy.sql());
            } catch (SQLException e) {
                Exception failure = copyFailed(c, copy, e);
                if (failure instanceof BatchRejectedException rejected) {
                    throw rejected;
                }
                throw e;
            }
        }
        return copied(c, copy);
    }

    /**
     * The COPY's preparation, its first half: HEAD every object (a missing one fails alone and is left out), write
     * the manifest of the others, create the cycle's stage. Returns the COPY to run on this transaction's
     * connection ({@link ManifestCopy#sql()} is null when no object is left to copy).
     */
    private ManifestCopy prepareCopy(Connection c, SqlIdentifier table, String loadId, List<BatchNotification> batches)
            throws SQLException {
        Map<String, BatchNotification> byUrl = new LinkedHashMap<>();
        List<FailedBatch> missing = new ArrayList<>();
        long expected = 0;
        long headStarted = System.nanoTime();
        List<OptionalLong> found = sizes(batches);
        long headMillis = (System.nanoTime() - headStarted) / 1_000_000;
        for (int i = 0; i < batches.size(); i++) {
            BatchNotification b = batches.get(i);
            if (found.get(i).isEmpty()) {
                missing.add(new FailedBatch(b, "object missing"));
                continue;
            }
            if (found.get(i).getAsLong() != b.bytes()) {
                // the object is not the one the batcher announced (its bytes are what it wrote): that batch's content
                missing.add(new FailedBatch(b, "object is " + found.get(i).getAsLong() + " bytes, the notification says "
                        + b.bytes()));
                continue;
            }
            byUrl.put("s3://" + bucket + "/" + b.key(), b);
            expected += b.recordCount();
        }
        String stage = RedshiftCopyStatements.stageName(loadId);
        if (byUrl.isEmpty()) {
            return new ManifestCopy(null, stage, byUrl, missing, 0, null, headMillis);
        }
        String manifestKey = RedshiftCopyStatements.manifestKey(table, loadId);
        try {
            manifests.put(bucket, manifestKey, RedshiftCopyStatements.manifestJson(List.copyOf(byUrl.keySet())));
        } catch (IOException e) {
            throw new SQLTransientException("manifest write failed", e);
        }
        execute(c, RedshiftCopyStatements.createStage(stage));
        Timestamp before = serverTime(c);
        return new ManifestCopy(statements.copy(stage, RedshiftCopyStatements.manifestUrl(bucket, manifestKey)), stage,
                byUrl, missing, expected, before, headMillis);
    }

    /**
     * After a failed COPY: the exception to fail the attempt with — a {@link BatchRejectedException} when the error
     * views or the error text name one batch's object, else the COPY's own error (transient ones untouched).
     */
    private Exception copyFailed(Connection c, ManifestCopy copy, SQLException e) throws SQLException {
        FailureClass why = FailureClass.of(e, Warehouse.REDSHIFT);
        if (why.kind() == FailureClass.Kind.TRANSIENT || why.kind() == FailureClass.Kind.ENVIRONMENT) {
            // an S3 read refused inside COPY (403, SlowDown, KMS) names the object being read: not its content's fault
            return e;
        }
        c.rollback(); // system tables are not transactional: this session still sees the COPY's error rows
        Optional<LoadError> error = lastLoadError(c, copy.startedAt());
        Optional<BatchNotification> culprit = CopyErrorCulprit.find(copy.byUrl(), error.map(LoadError::fileName),
                messages(e));
        if (culprit.isPresent()) {
            return new BatchRejectedException(culprit.get(), error.map(LoadError::describe)
                    .orElse("COPY failed on this object: " + firstLine(e.getMessage())));
        }
        return e;
    }

    /** After the COPY: checks the stage holds exactly what the notifications promise. */
    private Staged copied(Connection c, ManifestCopy copy) throws SQLException {
        List<BatchNotification> present = List.copyOf(copy.byUrl().values());
        if (present.isEmpty()) {
            return new Staged(present, Map.of(), copy.missing(), 0, copy.headMillis());
        }
        checkStaged(c, copy.stage(), copy.expectedRows());
        return new Staged(present, Map.of(), copy.missing(), copy.expectedRows(), copy.headMillis());
    }

    /**
     * One cycle's manifest COPY: {@code sql} (null when no object is left to copy) into {@code stage}, the objects
     * by URL, those missing before it, the rows their notifications promise, the server time just before it
     * (to find its rows in the error views), and how long the HEAD requests took.
     */
    private record ManifestCopy(String sql, String stage, Map<String, BatchNotification> byUrl, List<FailedBatch> missing,
                               long expectedRows, Timestamp startedAt, long headMillis) {
    }

    /** HEAD of every object, side by side on the fetch threads; a store that cannot answer fails the attempt. */
    private List<OptionalLong> sizes(List<BatchNotification> batches) throws SQLException {
        try {
            return objects.sizes(bucket, batches);
        } catch (ObjectStoreRefusedException e) {
            // 403 (also a missing key without s3:ListBucket), 5xx, throttling: the table's loads pause, visibly
            throw new SQLException("object store refused a HEAD", e);
        } catch (IOException e) {
            throw new SQLTransientException("object store HEAD failed", e);
        }
    }

    /** Fails the attempt (without blaming a batch) when the stage is not exactly what the notifications promise. */
    private static void checkStaged(Connection c, String stage, long expected) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(RedshiftCopyStatements.checkStage(stage))) {
            rs.next();
            long staged = rs.getLong(1);
            long badIds = rs.getLong(2);
            long badKeys = rs.getLong(3);
            long badTimes = rs.getLong(4);
            if (staged != expected) {
                throw new StagedContentException("COPY staged " + staged + " rows, the notifications promise " + expected);
            }
            if (badIds + badKeys + badTimes > 0) {
                throw new StagedContentException("staged rows without a valid column: event_id " + badIds
                        + ", event_key " + badKeys + ", occurred_at " + badTimes);
            }
        }
    }

    private static Timestamp serverTime(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(RedshiftCopyStatements.serverTime())) {
            rs.next();
            return rs.getTimestamp(1);
        }
    }

    /** This session's latest load error since {@code since}, from the SYS view or else the older STL table. */
    private static Optional<LoadError> lastLoadError(Connection c, Timestamp since) {
        for (String sql : List.of(RedshiftCopyStatements.lastLoadError(), RedshiftCopyStatements.lastLoadErrorLegacy())) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setTimestamp(1, since);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return Optional.of(new LoadError(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getString(4)));
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

    private record LoadError(String fileName, long line, int code, String message) {
        String describe() {
            return "COPY failed on " + fileName + " line " + line + " (error " + code + "): " + message;
        }
    }

    private static String messages(SQLException e) {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        for (Throwable t = e; t != null && depth < 10; t = t.getCause(), depth++) {
            text.append(t.getMessage()).append('\n');
            if (t instanceof SQLException s && s.getNextException() != null) {
                text.append(s.getNextException().getMessage()).append('\n');
            }
        }
        return text.toString();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.strip().lines().findFirst().orElse("");
    }

    @Override
    public Merged merge(Connection c, SqlIdentifier table, String loadId, Staged staged) throws SQLException {
        String stage = RedshiftCopyStatements.stageName(loadId);
        List<LocalDate> days = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(RedshiftCopyStatements.stageDays(stage))) {
            while (rs.next()) {
                days.add(LocalDate.parse(rs.getString(1)));
            }
        }
        long inserted = 0;
        if (!days.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(RedshiftCopyStatements.insertDeduplicated(table, stage, days))) {
                ps.setString(1, loadId);
                inserted = ps.executeUpdate();
            }
        }
        execute(c, RedshiftCopyStatements.dropStage(stage)); // keep the pooled session clean
        return new Merged(inserted, staged.totalRows() - inserted, Map.of());
    }

    @Override
    public void recordLoads(Connection c, SqlIdentifier table, String loadId, List<LedgerEntry> entries)
            throws SQLException {
        for (int from = 0; from < entries.size(); from += RedshiftCopyStatements.MAX_LEDGER_ROWS_PER_INSERT) {
            List<LedgerEntry> rows = entries.subList(from,
                    Math.min(entries.size(), from + RedshiftCopyStatements.MAX_LEDGER_ROWS_PER_INSERT));
            try (PreparedStatement ps = c.prepareStatement(RedshiftCopyStatements.insertLedger(table, rows.size()))) {
                int p = 1;
                for (LedgerEntry e : rows) {
                    ps.setString(p++, e.batch().batchId());
                    ps.setString(p++, table.sql());
                    ps.setString(p++, e.batch().key());
                    ps.setLong(p++, e.batch().recordCount());
                    ps.setObject(p++, e.rowsInserted(), java.sql.Types.BIGINT);
                    ps.setObject(p++, e.duplicatesSkipped(), java.sql.Types.BIGINT);
                    ps.setString(p++, loadId);
                }
                ps.executeUpdate();
            }
        }
    }

    @Override
    public List<FieldChange> recordFields(Connection c, SqlIdentifier table, List<FieldCount> counts) throws SQLException {
        return RedshiftFieldHistory.record(c, table, counts);
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
