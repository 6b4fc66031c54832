package routes.batch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One memory budget for all open batches together. When the buffered bytes exceed it, the largest open
 * batches are completed early (through the aggregator, so they take the normal path to S3), until the
 * total is back under budget. Completed batches are written on the writer pool; while they alone exceed the
 * budget the polling thread waits for them, which is the batcher's back-pressure. With 1,000 keys as with
 * 10, memory stays bounded by the budget plus one poll's worth of events.
 */
public final class BatchMemoryBudget {

    private static final Logger LOG = LoggerFactory.getLogger(BatchMemoryBudget.class);

    private final long budgetBytes;
    private final Map<String, EventBatch> open = new ConcurrentHashMap<>();
    private final AtomicLong buffered = new AtomicLong();
    private volatile Consumer<String> completeGroup = key -> { };
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();

    public BatchMemoryBudget(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    /** How a group is completed early: the aggregator's force completion of one correlation key. */
    public void setGroupCompleter(Consumer<String> completeGroup) {
        this.completeGroup = completeGroup;
    }

    void opened(EventBatch batch) {
        open.put(batch.eventKey(), batch);
    }

    void grew(long bytes) {
        buffered.addAndGet(bytes);
    }

    /** The batch left the aggregator: it can no longer be chosen for early completion. */
    void completing(EventBatch batch) {
        open.remove(batch.eventKey(), batch);
    }

    /** The batch's lines are no longer in memory (written, or abandoned for redelivery). */
    void released(EventBatch batch) {
        completing(batch);
        buffered.addAndGet(-batch.rawBytes());
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

    /** Route step after the aggregator, on the polling thread: complete the largest batches while over budget. */
    public void enforce() throws InterruptedException {
        while (buffered.get() > budgetBytes) {
            Optional<EventBatch> largest = open.values().stream().max(Comparator.comparingLong(EventBatch::rawBytes));
            if (largest.isEmpty()) {
                awaitWrites();
                continue;
            }
            EventBatch batch = largest.get();
            LOG.debug("memory budget {} bytes exceeded ({} buffered): completing key={} early ({} bytes)",
                    budgetBytes, buffered.get(), batch.eventKey(), batch.rawBytes());
            completing(batch);
            completeGroup.accept(batch.eventKey());
        }
    }

    /** Everything over budget is already on its way to S3: wait (in slices) until a write frees memory. */
    private void awaitWrites() throws InterruptedException {
        lock.lock();
        try {
            if (buffered.get() > budgetBytes && open.isEmpty()) {
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
        open.forEach((key, batch) -> result.put(key, batch.rawBytes()));
        return result;
    }
}
