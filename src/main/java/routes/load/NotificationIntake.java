package routes.load;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import routes.contract.ExchangeProperties;
import routes.contract.PipelineHeaders;
import routes.contract.SourceRecord;
import routes.contract.BatchNotification;
import routes.contract.DeadLetters;
import routes.monitor.PipelineMetrics;

import java.util.Optional;

/**
 * The loader's first steps around routes.yaml's JSON unmarshalling (camel-jackson): {@link #receive} keeps the
 * record's original bytes and coordinates and refuses an empty or oversized one, {@link #unreadable} refuses what
 * does not parse into the contract's shape, {@link #admit} refuses anything forged or malformed before it can reach
 * S3 or SQL. Accepted notifications become a {@link LoadCycle.Entry} correlated by table.
 */
public final class NotificationIntake {

    private static final int MAX_NOTIFICATION_BYTES = 1 << 20;

    private final NotificationValidator validator;
    private final PipelineMetrics metrics;

    public NotificationIntake(NotificationValidator validator, PipelineMetrics metrics) {
        this.validator = validator;
        this.metrics = metrics;
    }

    /** Remembers where the record came from and its bytes; refuses an empty or oversized one. */
    public void receive(Exchange exchange) {
        SourceRecord.remember(exchange);
        byte[] original = exchange.getMessage().getBody(byte[].class);
        exchange.setProperty(ExchangeProperties.ORIGINAL, original);
        if (original == null || original.length == 0 || original.length > MAX_NOTIFICATION_BYTES) {
            refuse(exchange, "notification empty or larger than " + MAX_NOTIFICATION_BYTES + " bytes");
        } else {
            exchange.getMessage().setHeader(PipelineHeaders.VERDICT, PipelineHeaders.ACCEPTED);
        }
    }

    /** The JSON did not unmarshal into a notification (doCatch of the unmarshal step). */
    public void unreadable(Exchange exchange) {
        refuse(exchange, "notification is not valid JSON of the contract's shape");
    }

    /** The contract's checks on the unmarshalled notification; accepted ones become the entry for their table's cycle. */
    public void admit(Exchange exchange) {
        Message message = exchange.getMessage();
        if (PipelineHeaders.REJECTED.equals(message.getHeader(PipelineHeaders.VERDICT))) {
            return;
        }
        BatchNotification notification = message.getBody(BatchNotification.class);
        Optional<String> refusal = notification == null ? Optional.of("notification is null") : validator.problem(notification);
        if (refusal.isPresent()) {
            refuse(exchange, refusal.get());
            return;
        }
        SourceRecord source = SourceRecord.recalled(exchange);
        message.setHeader(PipelineHeaders.TABLE, notification.table());
        message.setBody(new LoadCycle.Entry(notification, exchange.getProperty(ExchangeProperties.ORIGINAL, byte[].class),
                source.topic(), source.partition(), source.offset()));
    }

    private void refuse(Exchange exchange, String reason) {
        SourceRecord source = SourceRecord.recalled(exchange);
        Message message = exchange.getMessage();
        message.setBody(exchange.getProperty(ExchangeProperties.ORIGINAL, byte[].class));
        DeadLetters.mark(message, "loader", "invalid_notification: " + reason, source.topic(), source.partition(), source.offset());
        message.setHeader(PipelineHeaders.VERDICT, PipelineHeaders.REJECTED);
        metrics.eventDeadLettered("loader", "invalid_notification");
    }
}
