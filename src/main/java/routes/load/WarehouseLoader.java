package routes.load;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.batch.BatchNotification;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loads the batch notifications gathered for one target table into the warehouse in one transaction:
 * lock, read the ledger, stage, dedupe + insert, write the ledger, COMMIT. "Committed" and "in the ledger"
 * are the same fact, so a redelivered notification loads nothing twice and a crash before COMMIT leaves
 * nothing behind. Transient failures retry the whole transaction with exponential backoff and full jitter;
 * the caller must acknowledge topic-B offsets only after {@link #load} returns.
 */
public final class WarehouseLoader {

    private static final Logger LOG = LoggerFactory.getLogger(WarehouseLoader.class);

    private final DataSource dataSource;
    private final WarehouseDialect dialect;
    private final LoadSettings settings;

    public WarehouseLoader(DataSource dataSource, WarehouseDialect dialect, LoadSettings settings) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.settings = settings;
    }

    /**
     * @throws IllegalArgumentException if {@code table} is not a valid identifier
     * @throws WarehouseLoadException   on a permanent SQL failure of the cycle, or when attempts run out
     */
    public LoadReport load(String table, List<BatchNotification> batches) {
        SqlIdentifier target = SqlIdentifier.of(table);
        long started = System.nanoTime();
        Map<String, BatchNotification> pending = new LinkedHashMap<>();
        List<FailedBatch> rejected = new ArrayList<>();
        int repeats = 0;
        for (BatchNotification b : batches) {
            if (!SqlIdentifier.isValid(b.table()) || !SqlIdentifier.of(b.table()).equals(target)) {
                rejected.add(new FailedBatch(b, "notification is for another table"));
            } else if (pending.putIfAbsent(b.batchId(), b) != null) {
                repeats++; // the same notification twice in one window: the second is already loaded
            }
        }
        int attempt = 0;
        while (true) {
            attempt++;
            String loadId = UUID.randomUUID().toString();
            try {
                Outcome o = loadOnce(target, loadId, new ArrayList<>(pending.values()));
                List<FailedBatch> failed = new ArrayList<>(rejected);
                failed.addAll(o.failed());
                LoadReport report = new LoadReport(target.sql(), loadId, o.loaded(), o.alreadyLoaded() + repeats,
                        o.inserted(), o.duplicates(), failed, (System.nanoTime() - started) / 1_000_000,
                        o.stageMillis(), o.mergeMillis());
                LOG.info(report.logLine());
                return report;
            } catch (BatchRejectedException e) {
                pending.remove(e.batch().batchId());
                rejected.add(new FailedBatch(e.batch(), e.getMessage()));
                LOG.warn("load table={} batch_id={} rejected, retrying the cycle without it: {}", target,
                        e.batch().batchId(), e.getMessage());
                attempt--; // progress, not a failed attempt
            } catch (SQLException e) {
                if (!dialect.isTransient(e)) {
                    throw new WarehouseLoadException("load of " + target + " failed: " + summary(e), e);
                }
                if (settings.maxAttempts() > 0 && attempt >= settings.maxAttempts()) {
                    throw new WarehouseLoadException("load of " + target + " failed after " + attempt
                            + " attempts: " + summary(e), e);
                }
                long delay = ThreadLocalRandom.current().nextLong(settings.backoffCap(attempt).toMillis() + 1);
                LOG.warn("load table={} attempt={} failed transiently ({}), retrying in {} ms", target, attempt,
                        summary(e), delay);
                sleep(delay);
            }
        }
    }

    /** {@code stageMillis}, {@code mergeMillis}: the last attempt's stage and dedupe + insert steps. */
    private record Outcome(int loaded, int alreadyLoaded, long inserted, long duplicates, List<FailedBatch> failed,
                           long stageMillis, long mergeMillis) {
    }

    private Outcome loadOnce(SqlIdentifier table, String loadId, List<BatchNotification> batches)
            throws SQLException, BatchRejectedException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Outcome o = inTransaction(c, table, loadId, batches);
                c.commit();
                return o;
            } catch (SQLException | BatchRejectedException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        }
    }

    private Outcome inTransaction(Connection c, SqlIdentifier table, String loadId, List<BatchNotification> batches)
            throws SQLException, BatchRejectedException {
        dialect.begin(c, settings.statementTimeout());
        dialect.lock(c, table);
        if (batches.isEmpty()) {
            return new Outcome(0, 0, 0, 0, List.of(), 0, 0);
        }
        Set<String> done = dialect.alreadyLoaded(c, batches.stream().map(BatchNotification::batchId).toList());
        List<BatchNotification> todo = batches.stream().filter(b -> !done.contains(b.batchId())).toList();
        if (todo.isEmpty()) {
            return new Outcome(0, done.size(), 0, 0, List.of(), 0, 0);
        }
        long t0 = System.nanoTime();
        WarehouseDialect.Staged staged = dialect.stage(c, table, loadId, todo);
        long t1 = System.nanoTime();
        if (staged.loaded().isEmpty()) {
            return new Outcome(0, done.size(), 0, 0, staged.failed(), (t1 - t0) / 1_000_000, 0);
        }
        WarehouseDialect.Merged merged = dialect.merge(c, table, loadId, staged);
        long t2 = System.nanoTime();
        List<WarehouseDialect.LedgerEntry> ledger = new ArrayList<>();
        for (BatchNotification b : staged.loaded()) {
            Long rows = staged.rowsByBatch().get(b.batchId());
            Long inserted = rows == null ? null : merged.insertedByBatch().getOrDefault(b.batchId(), 0L);
            ledger.add(new WarehouseDialect.LedgerEntry(b, inserted, rows == null ? null : rows - inserted));
        }
        dialect.recordLoads(c, table, loadId, ledger);
        return new Outcome(staged.loaded().size(), done.size(), merged.inserted(), merged.duplicates(),
                staged.failed(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is likely gone; the server rolls back on disconnect
        }
    }

    /** SQLState and exception type only: server messages may quote data. */
    private static String summary(SQLException e) {
        return e.getClass().getSimpleName() + " sqlstate=" + e.getSQLState();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WarehouseLoadException("interrupted while waiting to retry", e);
        }
    }
}
