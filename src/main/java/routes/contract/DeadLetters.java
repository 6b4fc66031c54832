package routes.contract;

import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import routes.contract.PipelineHeaders;

/**
 * The dead-letter message shape (CONTRACT.md): the original bytes untouched, the original key, and the
 * {@code dlq.*} reason headers. Every other header is removed so nothing of the source record (or of
 * Camel) steers the producer: callers set their routing headers after this.
 */
public final class DeadLetters {

    private static final int MAX_REASON_CHARS = 500;

    private DeadLetters() {
    }

    public static void mark(Message message, String stage, String reason, String topic, int partition, long offset) {
        Object key = message.getHeader(KafkaConstants.KEY);
        message.removeHeaders("*");
        if (key != null) {
            message.setHeader(KafkaConstants.KEY, key);
        }
        message.setHeader(DlqHeaders.REASON, truncate(reason));
        message.setHeader(DlqHeaders.STAGE, stage);
        message.setHeader(DlqHeaders.SOURCE_TOPIC, topic);
        message.setHeader(DlqHeaders.SOURCE_PARTITION, Integer.toString(partition));
        message.setHeader(DlqHeaders.SOURCE_OFFSET, Long.toString(offset));
    }

    private static String truncate(String reason) {
        return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS);
    }
}
