package routes.load;

import routes.contract.BatchNotification;
import routes.contract.SqlIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import routes.monitor.TablePauses;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What is left to load of one table's cycle, and what the committed parts did. The cycle starts as one part. The rule
 * for conviction (docs/redshift.md §4.3, both dialects): a batch is reported failed (dead-lettered) only when its
 * error is about its content ({@link FailureClass.Kind#CONTENT} on a part of that one batch), or when it fails alone
 * while the rest of its cycle, or another load of its table, commits without it. So:
 * <ul>
 *   <li>an UNKNOWN failure, repeated {@link LoadSettings#isolateAfter()} times, splits the part in halves, quarters,
 *       down to single batches (a part of a split cycle is split again after one failure; a statement timeout or a
 *       content error splits a part of several batches at once);</li>
 *   <li>a single batch failing UNKNOWN is convicted only when another part of the cycle has committed, or a load of
 *       its table committed since it first failed alone; until then it waits behind the cycle's other parts, and when
 *       only such suspects are left, the plan <em>parks</em> the first: routes.yaml retries it as a pause (see
 *       {@link #pauses}) until the comparison says something;</li>
 *   <li>an ENVIRONMENT failure never counts here: the table pauses (routes.yaml's {@code load-retries}).</li>
 * </ul>
 * Transient failures are not counted here either: Camel's redelivery retries them.
 *
 * <p>Not thread-safe: one plan belongs to one exchange on one loader thread.
 */
public final class LoadPlan {

    private static final Logger LOG = LoggerFactory.getLogger(LoadPlan.class);

    private final SqlIdentifier table;
    private final int isolateAfter;
    private final TablePauses pauses;
    /** Single batches that failed alone (UNKNOWN) before anything of the cycle committed, with when they first did. */
    private final Map<String, Instant> suspects = new HashMap<>();
    private int committedParts;
    private final long started = System.nanoTime();
    private final Deque<List<BatchNotification>> parts = new ArrayDeque<>();
    private final List<FailedBatch> failed = new ArrayList<>();
    private final List<String> isolations = new ArrayList<>();
    private boolean split;
    private int failures;
    private String firstLoadId;
    private int loaded;
    private int alreadyLoaded;
    private final Set<String> loadedBatchIds = new HashSet<>();
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
    public LoadPlan(String table, List<BatchNotification> batches, int isolateAfter, TablePauses pauses) {
        this.table = SqlIdentifier.of(table);
        this.isolateAfter = isolateAfter;
        this.pauses = pauses;
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
        if (!attempt.loaded().isEmpty()) {
            committedParts++;
        }
        pauses.committed(table.sql(), !attempt.loaded().isEmpty());
        loaded += attempt.loaded().size();
        attempt.loaded().forEach(b -> loadedBatchIds.add(b.batchId()));
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
     * Counts one failure that routes.yaml did not retry as transient or as a pause; true while the part deserves
     * another try. Called once per such failure (routes.yaml's {@code retryWhile}).
     */
    public boolean retry(FailureClass why) {
        failures++;
        int size = current().size();
        if (why.kind() == FailureClass.Kind.CONTENT) {
            return false; // the same content fails the same way: convict a single batch, split a larger part
        }
        if (size == 1 && isSuspect(current().get(0))) {
            return false; // it had its tries: the comparison (or the pause) decides now
        }
        int patience = !split || size == 1 ? isolateAfter : 1;
        return failures < patience && !(FailureClass.TIMEOUT.equals(why.reason()) && size > 1);
    }

    /**
     * Whether routes.yaml retries this failure as a pause (forever, with capped backoff, nothing dead-lettered): an
     * ENVIRONMENT failure, or the parked suspect failing again while nothing else of its table has committed since it
     * first failed alone. A pure question: counting and deciding happen in {@link #retry} and {@link #isolate}.
     */
    public boolean pauses(FailureClass why) {
        if (why.kind() == FailureClass.Kind.ENVIRONMENT) {
            return true;
        }
        if (why.kind() != FailureClass.Kind.UNKNOWN || parts.isEmpty() || current().size() != 1) {
            return false;
        }
        BatchNotification only = current().get(0);
        return isSuspect(only) && onlySuspectsLeft() && !convictable(only);
    }

    /**
     * The current part failed for good (routes.yaml's failure step): a larger part is split in two; a single batch is
     * reported failed when its content is at fault or the comparison convicts it, else it waits behind the cycle's
     * other parts, or, when only suspects are left, stays as the part to retry (the table pauses on it).
     */
    public void isolate(Throwable failure, FailureClass why) {
        CycleFailure cause = CycleFailure.of(failure);
        List<BatchNotification> part = current();
        failures = 0;
        split = true;
        if (part.size() > 1) {
            parts.pop();
            int half = part.size() / 2;
            parts.push(new ArrayList<>(part.subList(half, part.size())));
            parts.push(new ArrayList<>(part.subList(0, half)));
            LOG.info("load table={} batches={} failed ({}, {}): splitting into {} + {} to isolate the batch at fault",
                    table, part.size(), cause.code(), cause.log(), half, part.size() - half);
            return;
        }
        BatchNotification single = part.get(0);
        suspects.putIfAbsent(single.batchId(), pauses.now());
        if (why.kind() == FailureClass.Kind.CONTENT || convictable(single)) {
            parts.pop();
            suspects.remove(single.batchId());
            failed.add(new FailedBatch(single, "load failed (" + cause.code() + "): " + cause.detail()));
            isolations.add(cause.code());
            LOG.info("load table={} batch_id={} isolated reason={} ({}, {}): it goes to the dead-letter topic, the rest"
                    + " of its cycle loads", table, single.batchId(), cause.code(), why.reason(), cause.log());
        } else if (!onlySuspectsLeft()) {
            parts.addLast(parts.pop());
            LOG.info("load table={} batch_id={} failed alone ({}, {}) before anything of its cycle committed: it is tried"
                    + " again after the others", table, single.batchId(), why.reason(), cause.log());
        } else {
            LOG.warn("load table={} batch_id={} failed alone ({}, {}) and nothing of its cycle or table has committed"
                    + " since: pausing the table's loads, nothing is dead-lettered", table, single.batchId(),
                    why.reason(), cause.log());
        }
    }

    /** A suspect is convicted once another part of its cycle, or another load of its table, committed without it. */
    private boolean convictable(BatchNotification single) {
        Instant since = suspects.get(single.batchId());
        return committedParts > 0 || since != null && pauses.loadedSince(table.sql(), since);
    }

    private boolean isSuspect(BatchNotification b) {
        return suspects.containsKey(b.batchId());
    }

    private boolean onlySuspectsLeft() {
        return parts.stream().allMatch(p -> p.size() == 1 && isSuspect(p.get(0)));
    }

    /** Batches in the part being tried, for logs. */
    public int partSize() {
        return parts.isEmpty() ? 0 : parts.peek().size();
    }

    public LoadReport report() {
        return new LoadReport(table.sql(), firstLoadId == null ? "none" : firstLoadId, loaded, alreadyLoaded,
                inserted, duplicates, failed, (System.nanoTime() - started) / 1_000_000, lockMillis, stageMillis, fetchWaitMillis, mergeMillis,
                isolations, loadedBatchIds);
    }

    private List<BatchNotification> current() {
        List<BatchNotification> part = parts.peek();
        if (part == null) {
            throw new IllegalStateException("no part left to load for " + table);
        }
        return part;
    }
}
