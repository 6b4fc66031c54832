package routes.batch;

import routes.contract.BatchNotification;
import routes.contract.ObjectKeyLayout;
import routes.contract.PipelineFieldChecks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of batch objects, derived only from the batch's Kafka coordinates and first event time, so writing
 * the same batch twice writes the same object. The key follows {@link ObjectKeyLayout}; the event key was
 * validated on admission, so it cannot escape the prefix.
 */
public final class BatchObjectNaming {

    // topic names are [a-zA-Z0-9._-] (Kafka), so '+' only ever separates the parts
    private static final Pattern BATCH_ID = Pattern.compile("([a-zA-Z0-9._-]+)\\+(\\d{1,10})\\+(\\d{1,19})\\+[0-9a-f]{20}");

    /** Readable head of a shortened topic; with the hash and the widest partition, offset and hash it stays in 128. */
    static final int TOPIC_PREFIX_CHARS = 40;
    static final int TOPIC_HASH_HEX = 16;
    /** Not legal in a Kafka topic name, so a shortened topic never equals a plain one. */
    static final char SHORTENED = '=';

    private final ObjectKeyLayout layout;

    public BatchObjectNaming(ObjectKeyLayout layout) {
        this.layout = layout;
    }

    /**
     * {@code <topic>+<partition>+<first offset>+<hash of all ranges>}: readable where the batch starts,
     * unique through the hash of every source range. Every Kafka topic name (up to 249 characters) gives a valid
     * batch id ({@link PipelineFieldChecks#BATCH_ID_RULE}): a topic that would not (too long, or holding
     * {@code ..}) appears as its first {@value #TOPIC_PREFIX_CHARS} characters up to any {@code ..}, {@code =} and
     * {@value #TOPIC_HASH_HEX} hex digits of its SHA-256. Ids that were valid before stay as they were, and the
     * shortened ones are as deterministic, so replays write and skip the same objects.
     */
    public String batchId(List<BatchNotification.Source> sources) {
        StringBuilder coordinates = new StringBuilder();
        sources.forEach(s -> coordinates.append(s.topic()).append('/').append(s.partition()).append('/')
                .append(s.firstOffset()).append('-').append(s.lastOffset()).append(';'));
        BatchNotification.Source first = sources.get(0);
        String tail = "+" + first.partition() + "+" + first.firstOffset() + "+" + sha256Hex(coordinates.toString()).substring(0, 20);
        String plain = first.topic() + tail;
        return PipelineFieldChecks.isValidBatchId(plain) ? plain : shortened(first.topic()) + tail;
    }

    private static String shortened(String topic) {
        String head = topic.substring(0, Math.min(TOPIC_PREFIX_CHARS, topic.length()));
        int walk = head.indexOf("..");
        return (walk < 0 ? head : head.substring(0, walk)) + SHORTENED + sha256Hex(topic).substring(0, TOPIC_HASH_HEX);
    }

    /** Where a batch starts, as its id says: the first record of its first source range. */
    public record FirstRecord(String topic, int partition, long offset) {
    }

    /**
     * The first record a {@link #batchId} names, read back (janitor asks whether the batcher group has committed
     * past it); empty for an id not of this shape.
     */
    public static Optional<FirstRecord> firstRecord(String batchId) {
        Matcher m = BATCH_ID.matcher(batchId == null ? "" : batchId);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new FirstRecord(m.group(1), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public String objectKey(EventBatch batch, String batchId) {
        return layout.objectKey(batch.eventKey(), batch.firstOccurredAt(), batchId);
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
