package routes.contract;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Where an original too large for the DLQ is kept: {@code dlq/<source topic>/<partition>/<offset>} in the batch
 * bucket. Derived only from the source coordinates, so a retried dead letter overwrites its own object, and outside
 * the batch prefix, so neither the loader's key rule nor {@code janitor} ever takes it for a batch.
 * {@code dlq redrive} follows only keys of this shape: a header cannot point it anywhere else in the bucket.
 */
public final class DeadLetterObjects {

    public static final String PREFIX = "dlq/";
    // Kafka topic names are [a-zA-Z0-9._-]{1,249} and never "." or ".." (org.apache.kafka.common.internals.Topic)
    private static final Pattern KEY = Pattern.compile("dlq/(?!\\.\\.?/)[a-zA-Z0-9._-]{1,249}/\\d{1,10}/\\d{1,19}");

    private DeadLetterObjects() {
    }

    public static String key(String topic, int partition, long offset) {
        String key = PREFIX + topic + "/" + partition + "/" + offset;
        if (!isKey(key)) {
            throw new IllegalArgumentException("not a dead-letter source: " + topic + "/" + partition + "/" + offset);
        }
        return key;
    }

    public static boolean isKey(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    /** The checksum a reference carries ({@link DlqHeaders#ORIGINAL_SHA256}): SHA-256 of the original, lower-case hex. */
    public static String sha256Hex(byte[] original) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(original));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
