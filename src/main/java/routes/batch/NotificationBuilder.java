package routes.batch;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import routes.contract.ExchangeProperties;
import routes.contract.BatchNotification;

import java.time.Clock;
import java.time.Instant;

/**
 * Turns a batch that is in S3 into its topic-B notification (CONTRACT.md), keyed by the target table; routes.yaml
 * marshals it to JSON (camel-jackson) and sends it. With the field observation on it is version 3: the batch's
 * {@code fields} (sorted by path, then type) and {@code fields_cut} (docs/fields.md).
 */
public final class NotificationBuilder {

    private final String bucket;
    private final Clock clock;

    public NotificationBuilder(String bucket, Clock clock) {
        this.bucket = bucket;
        this.clock = clock;
    }

    public void toNotification(Exchange exchange) {
        SpooledBatch spooled = exchange.getProperty(ExchangeProperties.SPOOLED, SpooledBatch.class);
        EventBatch batch = spooled.batch();
        BatchNotification notification = new BatchNotification(
                spooled.batchId(), batch.eventKey(), spooled.table(), bucket, spooled.objectKey(),
                batch.recordCount(), spooled.gzipBytes(), spooled.sha256(),
                batch.minOccurredAt().toString(), batch.maxOccurredAt().toString(),
                batch.sources(), clock.instant().toString(), text(batch.minArrivedAt()), text(batch.maxArrivedAt()),
                batch.observedFields(), batch.fieldsCut());
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(KafkaConstants.KEY, spooled.table());
        message.setBody(notification);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
