package routes.deadletter;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.config.S3Settings;
import routes.contract.DeadLetterObjects;
import routes.contract.DlqHeaders;
import routes.s3.ObjectEncryption;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps the DLQ moving when an original is too large for a Kafka record (a record small on the wire can decompress
 * far beyond it): the original goes to S3 at {@link DeadLetterObjects#key} and the dead letter carries, instead of the
 * body, the {@link DlqHeaders#ORIGINAL_S3_KEY reference}, size and SHA-256; {@code dlq redrive} follows it.
 * <p>
 * Two triggers, one action. As a step before the DLQ producer ({@link #process}): the record is over the producer's
 * max.request.size ({@link DeadLetterSize}). As the dead-letter route's onRedelivery processor ({@link #afterRefusal}):
 * the last send failed with RecordTooLargeException, which is how a broker refuses a record over the DLQ topic's max.message.bytes, a limit
 * the producer cannot see. Without either, such a record is retried forever and its partition never commits again.
 */
public final class DeadLetterSpill implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterSpill.class);

    private final DeadLetterSize size;
    private final S3Client s3;
    private final S3Settings s3Settings;

    public DeadLetterSpill(DeadLetterSize size, S3Client s3, S3Settings s3Settings) {
        this.size = size;
        this.s3 = s3;
        this.s3Settings = s3Settings;
    }

    /** The step before the DLQ producer: over its max.request.size, by reference (an S3 failure is the route's to retry). */
    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        byte[] original = message.getBody(byte[].class);
        if (original != null && !alreadyByReference(message) && !size.fits(key(message), original, dlqHeaders(message))) {
            byReference(message, original, "over_max_request_size");
        }
    }

    /**
     * The dead-letter route's onRedelivery processor: after a RecordTooLargeException the record goes by reference.
     * An S3 failure here is logged and the record is sent whole again, so the route's backoff paces the next try
     * (an exception thrown from an onRedelivery processor would end the redeliveries instead).
     */
    public Processor afterRefusal() {
        return exchange -> {
            Message message = exchange.getMessage();
            byte[] original = message.getBody(byte[].class);
            if (original != null && !alreadyByReference(message) && refusedAsTooLarge(exchange)) {
                try {
                    byReference(message, original, "refused_by_broker");
                } catch (SdkException e) {
                    LOG.warn("dead letter source={}/{}/{} refused as too large, and its original could not be written to S3 "
                            + "(retrying): {}", message.getHeader(DlqHeaders.SOURCE_TOPIC), message.getHeader(DlqHeaders.SOURCE_PARTITION),
                            message.getHeader(DlqHeaders.SOURCE_OFFSET), e.getClass().getSimpleName());
                }
            }
        };
    }

    private static boolean alreadyByReference(Message message) {
        return message.getHeader(DlqHeaders.ORIGINAL_S3_KEY) != null;
    }

    private void byReference(Message message, byte[] original, String why) {
        String topic = message.getHeader(DlqHeaders.SOURCE_TOPIC, String.class);
        int partition = Integer.parseInt(message.getHeader(DlqHeaders.SOURCE_PARTITION, String.class));
        long offset = Long.parseLong(message.getHeader(DlqHeaders.SOURCE_OFFSET, String.class));
        String key = DeadLetterObjects.key(topic, partition, offset);
        String sha256 = DeadLetterObjects.sha256Hex(original);
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(s3Settings.bucket()).key(key)
                .contentType("application/octet-stream");
        s3.putObject(ObjectEncryption.apply(put, s3Settings).build(), RequestBody.fromBytes(original));
        message.setBody(new byte[0]);
        message.setHeader(DlqHeaders.ORIGINAL_S3_KEY, key);
        message.setHeader(DlqHeaders.ORIGINAL_BYTES, Integer.toString(original.length));
        message.setHeader(DlqHeaders.ORIGINAL_SHA256, sha256);
        LOG.info("dead letter by reference source={}/{}/{} bytes={} s3_key={} why={}", topic, partition, offset,
                original.length, key, why);
    }

    /** The failure the error handler is about to redeliver after, if any, was a record-too-large refusal. */
    static boolean refusedAsTooLarge(Exchange exchange) {
        for (Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class); t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static byte[] key(Message message) {
        Object key = message.getHeader(KafkaConstants.KEY);
        if (key instanceof byte[] bytes) {
            return bytes;
        }
        return key == null ? null : key.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> dlqHeaders(Message message) {
        Map<String, String> headers = new TreeMap<>();
        message.getHeaders().forEach((name, value) -> {
            if (name.startsWith("dlq.") && value != null) {
                headers.put(name, value.toString());
            }
        });
        return headers;
    }
}
