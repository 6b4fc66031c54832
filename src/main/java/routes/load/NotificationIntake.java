package routes.load;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import routes.contract.PipelineHeaders;
import routes.SourceRecord;
import routes.contract.BatchNotification;
import routes.contract.DeadLetters;
import routes.monitor.PipelineMetrics;

import java.io.IOException;
import java.util.Optional;

/**
 * The loader's first step: parses a topic-B record and refuses anything forged or malformed before it
 * can reach S3 or SQL. Accepted notifications become a {@link LoadCycle.Entry} correlated by table.
 */
public final class NotificationIntake {

    private static final int MAX_NOTIFICATION_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    private final NotificationValidator validator;
    private final PipelineMetrics metrics;

    public NotificationIntake(NotificationValidator validator, PipelineMetrics metrics) {
        this.validator = validator;
        this.metrics = metrics;
    }

    public void admit(Exchange exchange) {
        SourceRecord source = SourceRecord.remember(exchange);
        Message message = exchange.getMessage();
        byte[] original = message.getBody(byte[].class);

        Optional<String> refusal;
        BatchNotification notification = null;
        if (original == null || original.length == 0 || original.length > MAX_NOTIFICATION_BYTES) {
            refusal = Optional.of("notification empty or larger than " + MAX_NOTIFICATION_BYTES + " bytes");
        } else {
            try {
                notification = JSON.readValue(original, BatchNotification.class);
                refusal = notification == null ? Optional.of("notification is null") : validator.problem(notification);
            } catch (IOException e) {
                refusal = Optional.of("notification is not valid JSON of the contract's shape");
            }
        }
        if (refusal.isPresent()) {
            DeadLetters.mark(message, "loader", "invalid_notification: " + refusal.get(), source.topic(), source.partition(), source.offset());
            message.setHeader(PipelineHeaders.VERDICT, PipelineHeaders.REJECTED);
            metrics.eventDeadLettered("loader", "invalid_notification");
            return;
        }
        message.setHeader(PipelineHeaders.VERDICT, PipelineHeaders.ACCEPTED);
        message.setHeader(PipelineHeaders.TABLE, notification.table());
        message.setBody(new LoadCycle.Entry(notification, original, source.topic(), source.partition(), source.offset()));
    }
}
