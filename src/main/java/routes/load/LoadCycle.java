package routes.load;

import org.apache.camel.Exchange;
import routes.contract.BatchNotification;
import routes.offsets.OffsetWatermarks;
import routes.offsets.PartitionHolds;

import java.util.ArrayList;
import java.util.List;

/** The notifications gathered for one table's load, and their offset holds on topic B. */
public final class LoadCycle {

    private final String table;
    private final LoadLimits limits;
    private final PartitionHolds holds;
    private final List<Entry> entries = new ArrayList<>();
    private long objectBytes;
    private long rows;
    private volatile LoadStart startedBy = LoadStart.OTHER;

    LoadCycle(String table, LoadLimits limits, OffsetWatermarks watermarks) {
        this.table = table;
        this.limits = limits;
        this.holds = new PartitionHolds(watermarks, table);
    }

    void add(Entry entry) {
        holds.add(entry.topic(), entry.partition(), entry.offset());
        entries.add(entry);
        objectBytes += Math.max(0, entry.notification().bytes());
        rows += Math.max(0, entry.notification().recordCount());
    }

    /**
     * Enough objects, rows or bytes for one load: the aggregator completes it ({@link LoadCycleIsDue}). A load's cost
     * is per object (HEAD, manifest entry, COPY file) and per row (staging, dedupe probe), so each has its cap.
     */
    public boolean isFull() {
        return entries.size() >= limits.maxBatches() || rows >= limits.maxRows() || objectBytes >= limits.maxBytes();
    }

    /** Why the load started (the load log line's {@code started_by=}); set when the aggregator completes the cycle. */
    public LoadStart startedBy() {
        return startedBy;
    }

    void startedBy(LoadStart why) {
        startedBy = why;
    }

    public String table() {
        return table;
    }

    public List<Entry> entries() {
        return entries;
    }

    public List<BatchNotification> notifications() {
        return entries.stream().map(Entry::notification).toList();
    }

    /**
     * The notifications' offsets may be committed once {@code exchange}, the one that loads the cycle, is done: its
     * transactions committed and the batches that failed for good in the DLQ.
     */
    void releaseHoldsWhenDone(Exchange exchange) {
        holds.releaseWhenDone(exchange);
    }

    /** One notification with the coordinates of the record it came in. */
    public record Entry(BatchNotification notification, byte[] original, String topic, int partition, long offset) {
    }

    /** When one table's cycle is complete by size (see {@link LoadCycleIsDue} for the other triggers). */
    public record LoadLimits(int maxBatches, long maxRows, long maxBytes) {

        /** Objects and bytes only (tests that do not count rows). */
        public LoadLimits(int maxBatches, long maxBytes) {
            this(maxBatches, Long.MAX_VALUE, maxBytes);
        }
    }
}
