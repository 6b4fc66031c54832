package routes.deadletter;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Whether a dead letter fits the DLQ producer's {@code max.request.size}, measured the way the producer measures it
 * before sending (KafkaProducer.doSend: the record's upper-bound size in a batch of its own, uncompressed, key and
 * headers included), so a record this refuses is exactly one the producer would refuse with RecordTooLargeException.
 */
public final class DeadLetterSize {

    private final int maxRequestBytes;

    /** @param maxRequestBytes the DLQ producer's max.request.size ({@code pipeline.kafka.dlq-max-request-bytes}) */
    public DeadLetterSize(int maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    public boolean fits(byte[] key, byte[] value, Map<String, String> headers) {
        return bytes(key, value, headers) <= maxRequestBytes;
    }

    static int bytes(byte[] key, byte[] value, Map<String, String> headers) {
        Header[] recordHeaders = headers.entrySet().stream()
                .map(h -> new RecordHeader(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8)))
                .toArray(Header[]::new);
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE,
                CompressionType.NONE, key, value, recordHeaders);
    }
}
