package routes.batch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.monitor.OpenBatches;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One memory budget for all open batches together (their lines and their field observations,
 * {@link EventBatch#heldBytes}). When the buffered bytes exceed it, the oldest open
 * batches are completed early as one cohort (through the aggregator, so they take the normal path to S3)
 * until what stays open is back under three quarters of the budget; batches holding fewer than
 * {@code minRecords} events are taken only when the others do not free enough. Oldest, not largest: with
 * 10,000 keys in a burst the largest group holds about one event, and completing it one event at a time
 * wrote one-record objects; the oldest groups have had the longest to fill, and a cohort leaves room for
 * the rest to grow. Completed batches are written on the writer pool; while they alone exceed the budget
 * the polling thread waits for them, which is the batcher's back-pressure. Memory stays bounded by the
 * budget plus one poll's worth of events.
 */
public final class BatchMemoryBudget implements OpenBatches {

    private static final Logger LOG = LoggerFactory.getLogger(BatchMemoryBudget.class);
    private static final Comparator<EventBatch> OLDEST_FIRST = Comparator.comparingLong(EventBatch::openedNanos);

    private final long budgetBytes;
    private final int minRecords;
    private final Map<String, EventBatch> open = new ConcurrentHashMap<>();
    private final AtomicLong buffered = new AtomicLong();
    /** Bytes of batches completed (by any trigger) whose lines are still in memory. */
    private final AtomicLong completingBytes = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();

    public BatchMemoryBudget(long budgetBytes, int minRecords) {
        this.budgetBytes = budgetBytes;
        this.minRecords = minRecords;
    }

    void opened(EventBatch batch) {
        open.put(batch.eventKey(), batch);
    }

    void grew(long bytes) {
        buffered.addAndGet(bytes);
    }

    /** The batch left the aggregator: it can no longer be chosen for early completion. */
    void completing(EventBatch batch) {
        if (open.remove(batch.eventKey(), batch)) {
            completingBytes.addAndGet(batch.heldBytes());
        }
    }

    /** The batch's lines are no longer in memory (written, or abandoned for redelivery). */
    void released(EventBatch batch) {
        completing(batch);
        completingBytes.addAndGet(-batch.heldBytes());
        buffered.addAndGet(-batch.heldBytes());
        lock.lock();
        try {
            freed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A completed batch dropped unwritten at the end of a stop: its memory is free, its offsets stay held. */
    public void abandoned(EventBatch batch) {
        released(batch);
    }

    /**
     * After each record is aggregated, on the polling thread ({@link BatchAggregateController#afterRecord}): over budget,
     * complete the oldest cohort through {@code completeGroup} (the aggregator's force completion of one key).
     */
    public void enforce(Consumer<String> completeGroup) throws InterruptedException {
        while (overBudget()) {
            if (!completeCohort(completeGroup)) {
                awaitWrites();
            }
        }
    }

    boolean overBudget() {
        return buffered.get() > budgetBytes;
    }

    /** Completes the cohort that brings the open batches under the low-water mark; false when none is due. */
    boolean completeCohort(Consumer<String> completeGroup) {
        long excess = openBytes() - lowWaterBytes();
        List<EventBatch> cohort = excess > 0 ? cohort(excess) : List.of();
        if (cohort.isEmpty()) {
            return false;
        }
        LOG.debug("memory budget {} bytes exceeded ({} buffered): completing {} oldest batches early",
                budgetBytes, buffered.get(), cohort.size());
        for (EventBatch batch : cohort) {
            completing(batch);
            batch.closeEarly(BatchCompletion.MEMORY_BUDGET);
            completeGroup.accept(batch.eventKey());
        }
        return true;
    }

    /** Marks every open batch as closed early for {@code reason}, before all groups are forced complete. */
    public void closingAll(BatchCompletion reason) {
        open.values().forEach(batch -> batch.closeEarly(reason));
    }

    /** Marks the open batches of these event keys as closed early for {@code reason}, before they are forced complete. */
    public void closing(Collection<String> eventKeys, BatchCompletion reason) {
        for (String key : eventKeys) {
            EventBatch batch = open.get(key);
            if (batch != null) {
                batch.closeEarly(reason);
            }
        }
    }

    /** The oldest open batches holding at least {@code bytes} together, those of minRecords or more first. */
    List<EventBatch> cohort(long bytes) {
        List<EventBatch> byAge = open.values().stream().sorted(OLDEST_FIRST).toList();
        List<EventBatch> cohort = new ArrayList<>();
        long total = 0;
        for (boolean small : new boolean[] {false, true}) {
            for (EventBatch batch : byAge) {
                if ((batch.recordCount() < minRecords) == small) {
                    cohort.add(batch);
                    total += batch.heldBytes();
                    if (total >= bytes) {
                        return cohort;
                    }
                }
            }
        }
        return cohort;
    }

    private long openBytes() {
        return buffered.get() - completingBytes.get();
    }

    private long lowWaterBytes() {
        return budgetBytes - budgetBytes / 4;
    }

    /** Everything over budget is already on its way to S3: wait (in slices) until a write frees memory. */
    private void awaitWrites() throws InterruptedException {
        lock.lock();
        try {
            if (buffered.get() > budgetBytes) {
                freed.await(100, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    public long bufferedBytes() {
        return buffered.get();
    }

    public int openBatches() {
        return open.size();
    }

    /** Open batches per event key with their buffered bytes, for monitoring. */
    public Map<String, Long> openBatchBytes() {
        Map<String, Long> result = new java.util.TreeMap<>();
        open.forEach((key, batch) -> result.put(key, batch.heldBytes()));
        return result;
    }
}
