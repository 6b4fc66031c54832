package routes.load;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.contract.BatchNotification;
import routes.contract.SqlIdentifier;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Loads the batch notifications gathered for one target table into the warehouse in one transaction:
 * lock, read the ledger, stage, dedupe + insert, write the ledger, COMMIT. "Committed" and "in the ledger"
 * are the same fact, so a redelivered notification loads nothing twice and a crash before COMMIT leaves
 * nothing behind. The caller must acknowledge topic-B offsets only after {@link #load} returns.
 *
 * <p>Every failure ends, by design: transient ones (lost connection, serialization conflict, restart) retry the
 * whole transaction with exponential backoff and full jitter, one WARN line each. Any other failure repeated
 * {@link LoadRetryPolicy#isolateAfter()} times makes the loader isolate the batch at fault: it splits the cycle into
 * halves, quarters, down to single batches, so the rest commits and only the culprit is reported as failed (the
 * caller dead-letters it). A statement timeout splits a cycle of several batches at once, since a smaller load
 * is what can finish in time.
 */
public final class WarehouseLoader {

    private static final Logger LOG = LoggerFactory.getLogger(WarehouseLoader.class);

    private static final long BACKOFF_SLICE_NANOS = Duration.ofMillis(200).toNanos();

    private final DataSource dataSource;
    private final WarehouseDialect dialect;
    private final LoadRetryPolicy settings;
    private final BooleanSupplier abandon;

    public WarehouseLoader(DataSource dataSource, WarehouseDialect dialect, LoadRetryPolicy settings) {
        this(dataSource, dialect, settings, () -> false);
    }

    /**
     * @param abandon true once a stop's flush time is used up: a cycle waiting to retry then gives up at once
     *                ({@link WarehouseLoadException}), its notifications uncommitted, so the stop keeps its bound
     */
    public WarehouseLoader(DataSource dataSource, WarehouseDialect dialect, LoadRetryPolicy settings, BooleanSupplier abandon) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.settings = settings;
        this.abandon = abandon;
    }

    /**
     * @throws IllegalArgumentException if {@code table} is not a valid identifier
     * @throws WarehouseLoadException   when transient attempts run out ({@link LoadRetryPolicy#maxAttempts()} > 0)
     */
    public LoadReport load(String table, List<BatchNotification> batches) {
        SqlIdentifier target = SqlIdentifier.of(table);
        long started = System.nanoTime();
        Map<String, BatchNotification> pending = new LinkedHashMap<>();
        Totals totals = new Totals();
        for (BatchNotification b : batches) {
            if (!SqlIdentifier.isValid(b.table()) || !SqlIdentifier.of(b.table()).equals(target)) {
                totals.failed.add(new FailedBatch(b, "notification is for another table"));
            } else if (pending.putIfAbsent(b.batchId(), b) != null) {
                totals.alreadyLoaded++; // the same notification twice in one window: the second is already loaded
            }
        }
        Deque<List<BatchNotification>> parts = new ArrayDeque<>();
        parts.push(new ArrayList<>(pending.values()));
        boolean whole = true;
        while (!parts.isEmpty()) {
            List<BatchNotification> part = parts.pop();
            int patience = whole || part.size() == 1 ? settings.isolateAfter() : 1;
            whole = false;
            loadPart(target, part, patience, totals).ifPresent(f -> isolate(target, part, f, parts, totals));
        }
        LoadReport report = totals.report(target, (System.nanoTime() - started) / 1_000_000);
        LOG.info(report.logLine());
        return report;
    }

    /** Loads {@code part} (minus batches the dialect rejects); empty when it committed, else why it cannot. */
    private Optional<CycleFailure> loadPart(SqlIdentifier target, List<BatchNotification> part, int patience,
                                            Totals totals) {
        int transientFailures = 0;
        int failures = 0;
        while (true) {
            String loadId = UUID.randomUUID().toString();
            try {
                totals.add(loadOnce(target, loadId, part), loadId);
                return Optional.empty();
            } catch (BatchRejectedException e) {
                part.remove(e.batch());
                totals.failed.add(new FailedBatch(e.batch(), e.getMessage()));
                LOG.warn("load table={} batch_id={} rejected, retrying the cycle without it", target, e.batch().batchId());
            } catch (SQLException | RuntimeException e) {
                CycleFailure failure = CycleFailure.of(e);
                if (e instanceof SQLException s && dialect.isTransient(s)) {
                    transientFailures++;
                    if (settings.maxAttempts() > 0 && transientFailures >= settings.maxAttempts()) {
                        throw new WarehouseLoadException("load of " + target + " failed after " + transientFailures
                                + " attempts: " + failure.log(), e);
                    }
                    backOff(target, transientFailures, part.size(), "failed transiently (" + failure.log() + ")");
                    continue;
                }
                failures++;
                if (failures >= patience || CycleFailure.isTimeout(e) && part.size() > 1) {
                    return Optional.of(failure);
                }
                backOff(target, failures, part.size(), "failed (" + failure.log() + "), " + failures + " of " + patience
                        + " failures before isolating the batch at fault");
            }
        }
    }

    /** A single batch is reported failed; a larger part is split in two, first half loaded first. */
    private static void isolate(SqlIdentifier target, List<BatchNotification> part, CycleFailure failure,
                                Deque<List<BatchNotification>> parts, Totals totals) {
        if (part.size() == 1) {
            BatchNotification culprit = part.get(0);
            totals.failed.add(new FailedBatch(culprit, "load failed (" + failure.code() + "): " + failure.detail()));
            totals.isolations.add(failure.code());
            LOG.info("load table={} batch_id={} isolated reason={} ({}): it goes to the dead-letter topic, the rest of"
                    + " its cycle loads", target, culprit.batchId(), failure.code(), failure.log());
        } else if (part.size() > 1) {
            int half = part.size() / 2;
            parts.push(new ArrayList<>(part.subList(half, part.size())));
            parts.push(new ArrayList<>(part.subList(0, half)));
            LOG.info("load table={} batches={} failed ({}, {}): splitting into {} + {} to isolate the batch at fault",
                    target, part.size(), failure.code(), failure.log(), half, part.size() - half);
        }
    }

    private void backOff(SqlIdentifier target, int failures, int batches, String what) {
        long delay = ThreadLocalRandom.current().nextLong(settings.backoffCap(failures).toMillis() + 1);
        LOG.warn("load table={} batches={} attempt={} {}, retrying in {} ms", target, batches, failures, what, delay);
        long until = System.nanoTime() + Duration.ofMillis(delay).toNanos();
        do {
            if (abandon.getAsBoolean()) {
                throw new WarehouseLoadException("load of " + target + " abandoned: the stop's flush time is used up;"
                        + " its notifications stay uncommitted and will be redelivered", null);
            }
            LockSupport.parkNanos(Math.min(BACKOFF_SLICE_NANOS, until - System.nanoTime()));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new WarehouseLoadException("interrupted while waiting to retry", null);
            }
        } while (System.nanoTime() - until < 0);
    }

    /** {@code stageMillis}, {@code mergeMillis}: this attempt's stage and dedupe + insert steps. */
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

    /** Lock first: on Redshift the transaction's snapshot must not predate the loader that held the lock. */
    private Outcome inTransaction(Connection c, SqlIdentifier table, String loadId, List<BatchNotification> batches)
            throws SQLException, BatchRejectedException {
        dialect.lock(c, table);
        dialect.begin(c, settings.statementTimeout());
        if (batches.isEmpty()) {
            return new Outcome(0, 0, 0, 0, List.of(), 0, 0);
        }
        Set<String> done = dialect.alreadyLoaded(c, batches.stream().map(BatchNotification::batchId).toList());
        List<BatchNotification> todo = batches.stream().filter(b -> !done.contains(b.batchId())).toList();
        if (todo.isEmpty()) {
            return new Outcome(0, done.size(), 0, 0, List.of(), 0, 0);
        }
        long t0 = System.nanoTime();
        WarehouseDialect.Staged staged;
        try {
            staged = dialect.stage(c, table, loadId, todo);
        } catch (SQLException e) {
            throw new LoadStepException("stage", e);
        }
        long t1 = System.nanoTime();
        if (staged.loaded().isEmpty()) {
            return new Outcome(0, done.size(), 0, 0, staged.failed(), (t1 - t0) / 1_000_000, 0);
        }
        WarehouseDialect.Merged merged;
        try {
            merged = dialect.merge(c, table, loadId, staged);
        } catch (SQLException e) {
            throw new LoadStepException("merge", e);
        }
        long t2 = System.nanoTime();
        List<WarehouseDialect.LedgerEntry> ledger = new ArrayList<>();
        for (BatchNotification b : staged.loaded()) {
            Long rows = staged.rowsByBatch().get(b.batchId());
            Long inserted = rows == null ? null : merged.insertedByBatch().getOrDefault(b.batchId(), 0L);
            ledger.add(new WarehouseDialect.LedgerEntry(b, inserted, rows == null ? null : rows - inserted));
        }
        try {
            dialect.recordLoads(c, table, loadId, ledger);
        } catch (SQLException e) {
            throw new LoadStepException("ledger", e);
        }
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

    /** What the committed parts of one cycle did, summed. */
    private static final class Totals {
        final List<FailedBatch> failed = new ArrayList<>();
        final List<String> isolations = new ArrayList<>();
        String loadId;
        int loaded;
        int alreadyLoaded;
        long inserted;
        long duplicates;
        long stageMillis;
        long mergeMillis;

        void add(Outcome o, String committedLoadId) {
            if (loadId == null) {
                loadId = committedLoadId;
            }
            loaded += o.loaded();
            alreadyLoaded += o.alreadyLoaded();
            inserted += o.inserted();
            duplicates += o.duplicates();
            failed.addAll(o.failed());
            stageMillis += o.stageMillis();
            mergeMillis += o.mergeMillis();
        }

        LoadReport report(SqlIdentifier table, long millis) {
            return new LoadReport(table.sql(), loadId == null ? "none" : loadId, loaded, alreadyLoaded, inserted,
                    duplicates, failed, millis, stageMillis, mergeMillis, isolations);
        }
    }
}
