package routes.operate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import routes.contract.DeadLetterObjects;
import routes.contract.DlqHeaders;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.Optional;

/**
 * The original bytes of a dead letter: its value, or, for one kept by reference (routes.deadletter.DeadLetterSpill),
 * the object its {@link DlqHeaders#ORIGINAL_S3_KEY} names, checked against the size and SHA-256 the dead letter
 * carries. Only keys of the {@link DeadLetterObjects} layout in the configured bucket are followed.
 */
final class SpilledOriginals {

    /** Why an original could not be recovered (counted as failed, never published). */
    static final class Unrecoverable extends Exception {
        Unrecoverable(String message) {
            super(message);
        }
    }

    private final S3Client s3;
    private final String bucket;

    SpilledOriginals(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    static boolean byReference(ConsumerRecord<byte[], byte[]> deadLetter) {
        return DlqSelection.header(deadLetter, DlqHeaders.ORIGINAL_S3_KEY).isPresent();
    }

    byte[] original(ConsumerRecord<byte[], byte[]> deadLetter) throws Unrecoverable {
        Optional<String> key = DlqSelection.header(deadLetter, DlqHeaders.ORIGINAL_S3_KEY);
        if (key.isEmpty()) {
            return deadLetter.value();
        }
        if (!DeadLetterObjects.isKey(key.get())) {
            throw new Unrecoverable("reference outside " + DeadLetterObjects.PREFIX + ": " + key.get());
        }
        long size = DlqSelection.header(deadLetter, DlqHeaders.ORIGINAL_BYTES).map(Long::parseLong).orElse(-1L);
        String sha256 = DlqSelection.header(deadLetter, DlqHeaders.ORIGINAL_SHA256).orElse("");
        byte[] bytes;
        try {
            bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key.get())).asByteArray();
        } catch (SdkException e) {
            throw new Unrecoverable("cannot read " + key.get() + ": " + e.getClass().getSimpleName());
        }
        if (bytes.length != size || !DeadLetterObjects.sha256Hex(bytes).equals(sha256)) {
            throw new Unrecoverable(key.get() + " does not match the dead letter's size and SHA-256");
        }
        return bytes;
    }
}
