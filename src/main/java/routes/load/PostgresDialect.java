package routes.load;

import routes.contract.BatchNotification;
import routes.contract.LedgerTable;
import routes.contract.SqlIdentifier;
import routes.contract.Warehouse;
import routes.fields.FieldChange;
import routes.fields.FieldCount;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PostgreSQL (local mode and tests). The load's batches are streamed from the object store into an
 * {@code ON COMMIT DROP} temp table with {@code COPY FROM STDIN} ({@link PostgresStaging}: one COPY for the load, or
 * one SAVEPOINT and COPY per batch when one of them fails): a batch that is missing, corrupt, mismatched or rejected
 * by the server is rolled back alone and reported, and the rest of the cycle still loads.
 */
public final class PostgresDialect implements WarehouseDialect {

    static final String STAGE = "load_stage";
    /** The transaction's staging table, one row per staged event (PostgresBatchStager.COPY_SQL fills it). */
    static final String CREATE_STAGE = "CREATE TEMP TABLE " + STAGE + " (batch_id varchar(128) NOT NULL,"
            + " event_id varchar(64) NOT NULL, event_key varchar(128) NOT NULL, occurred_at timestamptz NOT NULL,"
            + " payload jsonb NOT NULL) ON COMMIT DROP";

    private final ObjectFetcher objects;

    /** Each object read at its turn (schema bootstrap, tests). */
    public PostgresDialect(ObjectStore objects) {
        this(ObjectFetcher.direct(objects));
    }

    /** The next objects of a load are fetched by {@code objects} while the current one streams into COPY. */
    public PostgresDialect(ObjectFetcher objects) {
        this.objects = objects;
    }

    @Override
    public Warehouse warehouse() {
        return Warehouse.POSTGRESQL;
    }

    @Override
    public void begin(Connection c, Duration statementTimeout) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('statement_timeout', ?, true)")) {
            ps.setString(1, Long.toString(statementTimeout.toMillis()));
            ps.execute();
        }
    }

    /**
     * One loader per table at a time, until the transaction ends: a transaction-scoped advisory lock keyed by the
     * table's name. It covers the table's ledger too (only that table's loads write it, under this lock), so two
     * targets' loads share no lock and no table and commit side by side. LOCK TABLE in a mode that conflicts with itself would need UPDATE, DELETE or TRUNCATE on the
     * target, which the loader's role must not have (docs/security.md, WarehouseGrantsIT); readers pass either way.
     */
    @Override
    public void lock(Connection c, SqlIdentifier table) throws SQLException {
        // the key is derived from the validated identifier only, so the text is safe to inline
        execute(c, "SELECT pg_advisory_xact_lock(hashtextextended('event-pipeline load " + table.sql() + "', 0))");
    }

    @Override
    public Set<String> alreadyLoaded(Connection c, SqlIdentifier table, Collection<String> batchIds) throws SQLException {
        Set<String> loaded = new HashSet<>();
        // the target's own ledger and the legacy one of earlier releases, which nothing writes any more
        try (PreparedStatement ps = c.prepareStatement("SELECT batch_id FROM " + LedgerTable.of(table).sql()
                + " WHERE batch_id = ANY (?) UNION ALL SELECT batch_id FROM " + LedgerTable.LEGACY
                + " WHERE batch_id = ANY (?)")) {
            java.sql.Array ids = c.createArrayOf("varchar", batchIds.toArray());
            ps.setArray(1, ids);
            ps.setArray(2, ids);
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
            throws SQLException {
        Staged staged = new PostgresStaging(c, objects, loadId).stage(batches);
        if (!staged.loaded().isEmpty()) {
            // The planner needs the stage's size and its event_id statistics for the anti-join; statistics of
            // the payload column would cost most of the ANALYZE (docs/performance.md) and are never used.
            execute(c, "ANALYZE pg_temp." + STAGE + " (event_id)");
        }
        return staged;
    }

    @Override
    public Merged merge(Connection c, SqlIdentifier table, String loadId, Staged staged) throws SQLException {
        OffsetDateTime from;
        OffsetDateTime to;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT min(occurred_at), max(occurred_at) FROM pg_temp." + STAGE)) {
            rs.next();
            from = rs.getObject(1, OffsetDateTime.class);
            to = rs.getObject(2, OffsetDateTime.class);
        }
        Map<String, Long> inserted = new LinkedHashMap<>();
        long total = 0;
        if (from != null) {
            execute(c, PROBE_BY_INDEX);
            try (PreparedStatement ps = c.prepareStatement(insertDeduplicated(table))) {
                ps.setObject(1, from);
                ps.setObject(2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        inserted.put(rs.getString(1), rs.getLong(2));
                        total += rs.getLong(2);
                    }
                }
            }
            execute(c, PROBE_SETTING_RESET);
        }
        return new Merged(total, staged.totalRows() - total, inserted);
    }

    /**
     * Set for {@link #insertDeduplicated} alone: its probe must not read the target sequentially (see there).
     * Only the stage, which has no index, is still scanned.
     */
    static final String PROBE_BY_INDEX = "SET LOCAL enable_seqscan = off";
    static final String PROBE_SETTING_RESET = "SET LOCAL enable_seqscan TO DEFAULT";

    /**
     * One row per event_id of the stage (first batch wins), minus ids already in the target within the
     * stage's occurred_at range; returns inserted rows per batch. Parameters: range start, range end. Run it
     * with {@link #PROBE_BY_INDEX}.
     *
     * <p>The plan must be one probe of the (event_id, occurred_at) index per staged row, whatever the target's
     * size and statistics; each other plan the planner chose on a young or an empty target was quadratic, or grew
     * with the table (docs/performance.md; {@code PostgresDedupePlanIT} checks the plan):
     * <ul>
     *   <li>{@code OFFSET 0} keeps the {@code NOT EXISTS} a subplan run per staged row; as an anti join it was
     *       planned as a hash or merge join over the target's whole occurred_at range, or as a nested loop
     *       rescanning that range for each staged row (26.8 s for one bench load of 19,364 rows).</li>
     *   <li>{@code + interval '0'} keeps the range out of index conditions, so the only index the probe can use
     *       is the one led by event_id; with the range indexable it took the occurred_at index on an empty target
     *       and visited every row this statement had inserted so far, per row (37 s for 21,000 rows).</li>
     *   <li>{@link #PROBE_BY_INDEX}: on an empty target, a sequential scan per staged row looked cheapest, and read
     *       the same growing heap (144 s for 21,757 rows).</li>
     *   <li>{@code DISTINCT ON} rather than {@code row_number() … WHERE rn = 1}: same rows, but its row estimate
     *       comes from the stage's statistics, where {@code rn = 1} was guessed at 0.5 % of the stage.</li>
     * </ul>
     */
    static String insertDeduplicated(SqlIdentifier table) {
        return "WITH firsts AS ("
                + " SELECT DISTINCT ON (event_id) batch_id, event_id, event_key, occurred_at, payload"
                + " FROM pg_temp." + STAGE + " ORDER BY event_id, batch_id, occurred_at),"
                + " ins AS ("
                + " INSERT INTO " + table.sql() + " (event_id, event_key, occurred_at, loaded_at, batch_id, payload)"
                + " SELECT f.event_id, f.event_key, f.occurred_at, now(), f.batch_id, f.payload FROM firsts f"
                + " WHERE NOT EXISTS (SELECT 1 FROM " + table.sql() + " t"
                + " WHERE t.event_id = f.event_id AND t.occurred_at + interval '0' BETWEEN ? AND ? OFFSET 0)"
                + " RETURNING batch_id)"
                + " SELECT batch_id, count(*) FROM ins GROUP BY batch_id";
    }

    @Override
    public void recordLoads(Connection c, SqlIdentifier table, String loadId, List<LedgerEntry> entries)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + LedgerTable.of(table).sql() + " (batch_id, target_table, s3_key,"
                + " record_count, rows_inserted, duplicates_skipped, load_id, loaded_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, now())")) {
            for (LedgerEntry e : entries) {
                ps.setString(1, e.batch().batchId());
                ps.setString(2, table.sql());
                ps.setString(3, e.batch().key());
                ps.setLong(4, e.batch().recordCount());
                ps.setObject(5, e.rowsInserted());
                ps.setObject(6, e.duplicatesSkipped());
                ps.setString(7, loadId);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState()) || e.getNextException() != null
                    && "23505".equals(e.getNextException().getSQLState())) {
                // Another loader recorded the batch after our ledger read: retry, and it counts as loaded.
                throw new SQLTransientException("batch recorded concurrently", "40001", e);
            }
            throw e;
        }
    }

    @Override
    public List<FieldChange> recordFields(Connection c, SqlIdentifier table, List<FieldCount> counts) throws SQLException {
        return PostgresFieldHistory.record(c, table, counts);
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
