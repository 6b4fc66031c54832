package routes.shutdown;

import java.util.concurrent.atomic.AtomicLong;

/** What a stop left undone once its flush time was used up: counted here, told in one line at the end. */
public final class AbandonedWork {

    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong notifications = new AtomicLong();

    /** A batcher batch that was not written: its events come back from topic A. */
    public void batch(int recordCount) {
        batches.incrementAndGet();
        events.addAndGet(recordCount);
    }

    /** A loader cycle that was not loaded: its notifications come back from topic B. */
    public void loadCycle(int notificationCount) {
        notifications.addAndGet(notificationCount);
    }

    public boolean isEmpty() {
        return batches.get() == 0 && notifications.get() == 0;
    }

    public long batches() {
        return batches.get();
    }

    public long events() {
        return events.get();
    }

    public long notifications() {
        return notifications.get();
    }

    /** The stop's one summary line (no stack trace per batch: nothing failed, it was left for redelivery). */
    public String summary(StopDeadline deadline) {
        return "abandoned batches=" + batches.get() + " events=" + events.get() + " notifications=" + notifications.get()
                + " after flush_timeout_ms=" + deadline.flushTimeout().toMillis()
                + ": their offsets stay uncommitted, they will be redelivered";
    }
}
