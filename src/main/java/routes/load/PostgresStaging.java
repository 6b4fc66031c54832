package routes.load;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.contract.BatchNotification;
import routes.contract.Warehouse;
import routes.load.WarehouseDialect.Staged;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates one load's stage ({@code pg_temp.load_stage}) and fills it from the load's objects: every object through
 * one COPY under one savepoint, and only when a batch's content fails there, the load again with one savepoint and one
 * COPY per object, which sets exactly the guilty batches aside and stages the others. The one COPY convicts nothing by
 * itself; what is not a batch's fault (the store, the network, a cancel) fails the attempt in either pass
 * ({@link StagingFault}).
 *
 * <p>Why one COPY: per object, SAVEPOINT, COPY start, COPY end and RELEASE are four round trips and a subtransaction.
 * With the bench's small objects (~48 rows) that fixed part was ~2.7 ms of the ~3.6 ms an object cost in stage
 * (docs/performance.md, "One COPY per load"). A bad object is rare; only then does a load pay the old price, on top.
 *
 * <p>One per stage call, not thread-safe: its stager's buffers are reused by each object of the load.
 */
final class PostgresStaging {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresStaging.class);

    private final Connection c;
    private final CopyManager copy;
    private final ObjectFetcher objects;
    private final String loadId;
    private final PostgresBatchStager stager = new PostgresBatchStager();
    private long fetchWaitMillis;

    PostgresStaging(Connection c, ObjectFetcher objects, String loadId) throws SQLException {
        this.c = c;
        this.copy = c.unwrap(PGConnection.class).getCopyAPI();
        this.objects = objects;
        this.loadId = loadId;
    }

    /**
     * Creates the stage and fills it: the load in one COPY, or object by object when a batch's content fails the one
     * COPY (then from a fresh fetch of every object).
     */
    Staged stage(List<BatchNotification> batches) throws SQLException {
        // the first objects are on their way while the stage is created; each failure closes what is in flight
        try (PrefetchedObjects prefetched = objects.ahead(batches)) {
            execute("DROP TABLE IF EXISTS pg_temp." + PostgresDialect.STAGE);
            execute(PostgresDialect.CREATE_STAGE);
            if (batches.size() < 2) {
                return eachApart(batches, prefetched); // the same round trips, and a bad object is not read twice
            }
            Staged together = inOneCopy(batches, prefetched);
            if (together != null) {
                return together;
            }
        }
        try (PrefetchedObjects again = objects.ahead(batches)) {
            return eachApart(batches, again);
        }
    }

    /**
     * Every batch, read from {@code prefetched}, through one COPY under one savepoint; null, with the savepoint rolled
     * back, when a batch's content failed it (which one is for {@link #eachApart} to find: the server's error may
     * surface objects later).
     */
    Staged inOneCopy(List<BatchNotification> batches, PrefetchedObjects prefetched) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        Map<String, Long> rows = new LinkedHashMap<>();
        long total = 0;
        String fault = null;
        CopyIn copyIn = null;
        try {
            copyIn = copy.copyIn(PostgresBatchStager.COPY_SQL);
            for (BatchNotification batch : batches) {
                long n = stager.append(copyIn, batch, prefetched);
                rows.put(batch.batchId(), n);
                total += n;
            }
            copyIn.endCopy();
        } catch (IOException | SQLException | BatchContentException e) {
            fault = StagingFault.convicting(e); // thrown when it is not a batch's fault: no second pass
        } finally {
            PostgresBatchStager.cancel(copyIn);
        }
        fetchWaitMillis += prefetched.waitMillis();
        if (fault == null) {
            c.releaseSavepoint(savepoint);
            return new Staged(List.copyOf(batches), rows, List.of(), total, fetchWaitMillis);
        }
        c.rollback(savepoint);
        LOG.info("load {}: one COPY of {} objects failed ({}); staging them one by one", loadId, batches.size(), fault);
        return null;
    }

    /**
     * Each batch, read from {@code prefetched}, in its own COPY under its own savepoint: a batch that is missing,
     * corrupt, mismatched or rejected by the server is rolled back alone and reported, and the rest still stages.
     */
    Staged eachApart(List<BatchNotification> batches, PrefetchedObjects prefetched) throws SQLException {
        List<BatchNotification> loaded = new ArrayList<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        List<FailedBatch> failed = new ArrayList<>();
        SQLException unattributed = null;
        long total = 0;
        for (BatchNotification batch : batches) {
            Savepoint savepoint = c.setSavepoint();
            String reason;
            try {
                long n = stager.copy(copy, batch, prefetched);
                c.releaseSavepoint(savepoint);
                loaded.add(batch);
                rows.put(batch.batchId(), n);
                total += n;
                continue;
            } catch (IOException | SQLException | BatchContentException e) {
                reason = StagingFault.convicting(e);
                if (unattributed == null && e instanceof SQLException s
                        && FailureClass.of(s, Warehouse.POSTGRESQL).kind() == FailureClass.Kind.UNKNOWN) {
                    unattributed = s;
                }
            }
            c.rollback(savepoint);
            failed.add(new FailedBatch(batch, reason));
        }
        fetchWaitMillis += prefetched.waitMillis();
        if (loaded.isEmpty() && unattributed != null) {
            // An unknown error and nothing of this part staged: no comparison convicts any batch here, so the attempt
            // fails whole and the load plan splits it or pauses (LoadPlan).
            throw unattributed;
        }
        return new Staged(loaded, rows, failed, total, fetchWaitMillis);
    }

    private void execute(String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
