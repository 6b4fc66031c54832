package routes.batch;

import org.apache.camel.Exchange;
import org.apache.kafka.common.TopicPartition;
import routes.contract.BatchNotification;
import routes.contract.ObservedField;
import routes.offsets.OffsetWatermarks;
import routes.offsets.PartitionHolds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The open group of one event key: the sanitized NDJSON lines, where they came from in Kafka, and the
 * holds that keep their offsets uncommitted until the object is in S3 and announced on topic B.
 */
public final class EventBatch {

    private static final Comparator<TopicPartition> BY_TOPIC_PARTITION =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final String eventKey;
    private final BatchLimits limits;
    private final PartitionHolds holds;
    private final List<byte[]> lines = new ArrayList<>();
    private final Map<TopicPartition, long[]> ranges = new TreeMap<>(BY_TOPIC_PARTITION);
    private TopicPartition lastPartition;
    private long[] lastRange;
    private final long openedNanos = System.nanoTime();
    private volatile BatchCompletion closedEarlyBy;
    private int recordCount;
    private long rawBytes;
    private Instant firstOccurredAt;
    private Instant minOccurredAt;
    private Instant maxOccurredAt;
    private final ArrivalWindow arrived = new ArrivalWindow();
    /** The events' fields; null when they are not observed. */
    private final BatchFields fields;

    /** A batch whose events' fields are not observed. */
    EventBatch(String eventKey, BatchLimits limits, OffsetWatermarks watermarks) {
        this(eventKey, limits, watermarks, FieldObservationLimits.OFF);
    }

    EventBatch(String eventKey, BatchLimits limits, OffsetWatermarks watermarks, FieldObservationLimits observation) {
        this.eventKey = eventKey;
        this.limits = limits;
        this.holds = new PartitionHolds(watermarks, eventKey);
        this.fields = observation.observing() ? new BatchFields(observation.maxPaths()) : null;
    }

    /** {@code kafkaTimestampMillis}: the record's timestamp in topic A (negative when it has none). */
    void add(AdmissionVerdict.Accepted event, String topic, int partition, long offset, long kafkaTimestampMillis) {
        holds.add(topic, partition, offset);
        arrived.record(kafkaTimestampMillis);
        lines.add(event.json());
        if (fields != null) {
            fields.add(event.fields());
        }
        recordCount++;
        rawBytes += event.json().length + 1;
        long[] range = rangeOf(topic, partition);
        range[0] = Math.min(range[0], offset);
        range[1] = Math.max(range[1], offset);
        Instant at = event.occurredAt();
        if (firstOccurredAt == null) {
            firstOccurredAt = at;
            minOccurredAt = at;
            maxOccurredAt = at;
        } else {
            minOccurredAt = at.isBefore(minOccurredAt) ? at : minOccurredAt;
            maxOccurredAt = at.isAfter(maxOccurredAt) ? at : maxOccurredAt;
        }
    }

    /**
     * The offset range of the partition, widened in place. A key's events come from one partition (the event key is
     * the record key), so the last one is nearly always the one: a lookup, a key and two arrays per event in the
     * sorted map were 2–4 % of the polling thread (docs/performance.md).
     */
    private long[] rangeOf(String topic, int partition) {
        if (lastRange == null || lastPartition.partition() != partition || !lastPartition.topic().equals(topic)) {
            lastPartition = new TopicPartition(topic, partition);
            lastRange = ranges.computeIfAbsent(lastPartition, tp -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
        }
        return lastRange;
    }

    /** Record count or byte size reached: the aggregator's completion ({@link BatchIsFull}). */
    public boolean isFull() {
        return recordCount >= limits.maxRecords() || rawBytes >= limits.maxBytes();
    }

    /** The record count, rather than the byte size, is what made {@link #isFull()} true. */
    public boolean recordLimitReached() {
        return recordCount >= limits.maxRecords();
    }

    public String eventKey() {
        return eventKey;
    }

    public List<byte[]> lines() {
        return lines;
    }

    public int recordCount() {
        return recordCount;
    }

    /** Uncompressed NDJSON size, newlines included. */
    public long rawBytes() {
        return rawBytes;
    }

    /**
     * Heap this batch holds: its lines and its field observation (estimated). The memory budget counts this; the size
     * limit ({@link #isFull}) and the object are the lines alone.
     */
    public long heldBytes() {
        return fields == null ? rawBytes : rawBytes + fields.heldBytes();
    }

    /** The leaf paths and types of the batch's events, sorted by path then type; null when not observed. */
    public List<ObservedField> observedFields() {
        return fields == null ? null : fields.observed();
    }

    /** How many (path, type) pairs {@link #observedFields} lists; -1 when not observed. */
    public int observedPairs() {
        return fields == null ? -1 : fields.pairs();
    }

    /** How many path observations the bounds cut (all bounds); null when not observed. */
    public Long fieldsCut() {
        return fields == null ? null : fields.cut();
    }

    /** Observations cut for one bound; 0 when not observed. */
    public long fieldsCut(FieldCut reason) {
        return fields == null ? 0 : fields.cut(reason);
    }

    public Instant firstOccurredAt() {
        return firstOccurredAt;
    }

    public Instant minOccurredAt() {
        return minOccurredAt;
    }

    public Instant maxOccurredAt() {
        return maxOccurredAt;
    }

    /** The earliest Kafka timestamp of the batch's records (within the contract's range), or null. */
    public Instant minArrivedAt() {
        return arrived.min();
    }

    /** The latest Kafka timestamp of the batch's records (within the contract's range), or null. */
    public Instant maxArrivedAt() {
        return arrived.max();
    }

    /** Why the pipeline forces this batch closed before its limits (set just before forcing its completion). */
    public void closeEarly(BatchCompletion reason) {
        closedEarlyBy = reason;
    }

    /** The reason given to {@link #closeEarly}, or null. */
    BatchCompletion closedEarlyBy() {
        return closedEarlyBy;
    }

    long openedNanos() {
        return openedNanos;
    }

    public long ageMillis() {
        return (System.nanoTime() - openedNanos) / 1_000_000;
    }

    /** Offset ranges per partition, ordered by topic and partition: the batch's Kafka coordinates. */
    public List<BatchNotification.Source> sources() {
        List<BatchNotification.Source> sources = new ArrayList<>();
        ranges.forEach((tp, range) -> sources.add(
                new BatchNotification.Source(tp.topic(), tp.partition(), range[0], range[1])));
        return sources;
    }

    /** Its offsets may be committed once {@code exchange}, the one that writes it to S3 and announces it, is done. */
    void releaseHoldsWhenDone(Exchange exchange) {
        holds.releaseWhenDone(exchange);
    }

    /** Frees the lines once they are on disk; the metadata stays for the notification. */
    void releaseLines() {
        lines.clear();
    }
}
