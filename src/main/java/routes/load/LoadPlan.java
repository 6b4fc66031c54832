package routes.load;

import routes.contract.BatchNotification;
import routes.contract.SqlIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What is left to load of one table's cycle, and what the committed parts did. The cycle starts as one part;
 * a failure that retrying will not cure, repeated {@link LoadSettings#isolateAfter()} times, splits the part in
 * halves, quarters, down to single batches, so the rest commits and only the batch at fault is reported failed
 * (a part of a split cycle is split again after one failure; a statement timeout splits a part of several
 * batches at once, since a smaller load is what can finish in time). Transient failures are not counted here:
 * Camel's redelivery retries them (routes.yaml, {@code load-retries}).
 *
 * <p>Not thread-safe: one plan belongs to one exchange on one loader thread.
 */
public final class LoadPlan {

    private static final Logger LOG = LoggerFactory.getLogger(LoadPlan.class);

    private final SqlIdentifier table;
    private final int isolateAfter;
    private final long started = System.nanoTime();
    private final Deque<List<BatchNotification>> parts = new ArrayDeque<>();
    private final List<FailedBatch> failed = new ArrayList<>();
    private final List<String> isolations = new ArrayList<>();
    private boolean split;
    private int failures;
    private String firstLoadId;
    private int loaded;
    private int alreadyLoaded;
    private long inserted;
    private long duplicates;
    private long lockMillis;
    private long stageMillis;
    private long fetchWaitMillis;
    private long mergeMillis;

    /**
     * Drops what cannot be part of this table's load before anything touches the warehouse: a notification for
     * another table fails, one repeated in the cycle counts as already loaded.
     *
     * @throws IllegalArgumentException if {@code table} is not a valid identifier
     */
    public LoadPlan(String table, List<BatchNotification> batches, int isolateAfter) {
        this.table = SqlIdentifier.of(table);
        this.isolateAfter = isolateAfter;
        Map<String, BatchNotification> pending = new LinkedHashMap<>();
        for (BatchNotification b : batches) {
            if (!SqlIdentifier.isValid(b.table()) || !SqlIdentifier.of(b.table()).equals(this.table)) {
                failed.add(new FailedBatch(b, "notification is for another table"));
            } else if (pending.putIfAbsent(b.batchId(), b) != null) {
                alreadyLoaded++; // the same notification twice in one window: the second is already loaded
            }
        }
        if (!pending.isEmpty()) {
            parts.push(new ArrayList<>(pending.values()));
        }
    }

    public SqlIdentifier table() {
        return table;
    }

    public boolean hasPart() {
        return !parts.isEmpty();
    }

    /** A fresh attempt at the current part, with a load id of its own. */
    public LoadAttempt attempt() {
        return new LoadAttempt(table, UUID.randomUUID().toString(), List.copyOf(current()));
    }

    /** The attempt's transaction committed: its part is done. */
    public void committed(LoadAttempt attempt) {
        parts.pop();
        failures = 0;
        if (firstLoadId == null) {
            firstLoadId = attempt.loadId();
        }
        loaded += attempt.loaded().size();
        alreadyLoaded += attempt.alreadyLoaded();
        inserted += attempt.inserted();
        duplicates += attempt.duplicates();
        failed.addAll(attempt.failed());
        lockMillis += attempt.lockMillis();
        stageMillis += attempt.stageMillis();
        fetchWaitMillis += attempt.fetchWaitMillis();
        mergeMillis += attempt.mergeMillis();
    }

    /** The warehouse named one batch as the cause: the part is tried again without it. */
    public void rejected(BatchRejectedException e) {
        List<BatchNotification> part = current();
        part.remove(e.batch());
        failed.add(new FailedBatch(e.batch(), e.getMessage()));
        LOG.warn("load table={} batch_id={} rejected, retrying the cycle without it", table, e.batch().batchId());
        if (part.isEmpty()) {
            parts.pop();
        }
    }

    /**
     * Counts one failure that retrying the same part will not cure; true while the part deserves another try.
     * Called once per such failure (routes.yaml's {@code retryWhile}).
     */
    public boolean retry(Throwable failure) {
        failures++;
        int size = current().size();
        int patience = !split || size == 1 ? isolateAfter : 1;
        return failures < patience && !(CycleFailure.isTimeout(failure) && size > 1);
    }

    /** The current part failed for good: a single batch is reported failed, a larger part is split in two. */
    public void isolate(Throwable failure) {
        CycleFailure why = CycleFailure.of(failure);
        List<BatchNotification> part = parts.pop();
        failures = 0;
        split = true;
        if (part.size() == 1) {
            BatchNotification culprit = part.get(0);
            failed.add(new FailedBatch(culprit, "load failed (" + why.code() + "): " + why.detail()));
            isolations.add(why.code());
            LOG.info("load table={} batch_id={} isolated reason={} ({}): it goes to the dead-letter topic, the rest of"
                    + " its cycle loads", table, culprit.batchId(), why.code(), why.log());
        } else {
            int half = part.size() / 2;
            parts.push(new ArrayList<>(part.subList(half, part.size())));
            parts.push(new ArrayList<>(part.subList(0, half)));
            LOG.info("load table={} batches={} failed ({}, {}): splitting into {} + {} to isolate the batch at fault",
                    table, part.size(), why.code(), why.log(), half, part.size() - half);
        }
    }

    /** Batches in the part being tried, for logs. */
    public int partSize() {
        return parts.isEmpty() ? 0 : parts.peek().size();
    }

    public LoadReport report() {
        return new LoadReport(table.sql(), firstLoadId == null ? "none" : firstLoadId, loaded, alreadyLoaded,
                inserted, duplicates, failed, (System.nanoTime() - started) / 1_000_000, lockMillis, stageMillis, fetchWaitMillis, mergeMillis,
                isolations);
    }

    private List<BatchNotification> current() {
        List<BatchNotification> part = parts.peek();
        if (part == null) {
            throw new IllegalStateException("no part left to load for " + table);
        }
        return part;
    }
}
