package routes.batch;

import routes.contract.BatchNotification;
import routes.contract.ObjectKeyLayout;

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

    private final ObjectKeyLayout layout;

    public BatchObjectNaming(ObjectKeyLayout layout) {
        this.layout = layout;
    }

    /**
     * {@code <topic>+<partition>+<first offset>+<hash of all ranges>}: readable where the batch starts,
     * unique through the hash of every source range.
     */
    public String batchId(List<BatchNotification.Source> sources) {
        StringBuilder coordinates = new StringBuilder();
        sources.forEach(s -> coordinates.append(s.topic()).append('/').append(s.partition()).append('/')
                .append(s.firstOffset()).append('-').append(s.lastOffset()).append(';'));
        BatchNotification.Source first = sources.get(0);
        return first.topic() + "+" + first.partition() + "+" + first.firstOffset() + "+" + sha256Hex(coordinates.toString()).substring(0, 20);
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
