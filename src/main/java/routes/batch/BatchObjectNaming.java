package routes.batch;

import routes.contract.BatchNotification;
import routes.contract.ObjectKeyLayout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Names of batch objects, derived only from the batch's Kafka coordinates and first event time, so writing
 * the same batch twice writes the same object. The key follows {@link ObjectKeyLayout}; the event key was
 * validated on admission, so it cannot escape the prefix.
 */
public final class BatchObjectNaming {

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
