package routes.contract;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * Where a consumed record came from in Kafka. Read once from camel-kafka's headers at the start of a route
 * and kept as exchange properties, because later steps rewrite the headers (dead letters, producers).
 */
public record SourceRecord(String topic, int partition, long offset) {

    /** Reads the coordinates from the consumer's headers and remembers them on the exchange. */
    public static SourceRecord remember(Exchange exchange) {
        Message message = exchange.getMessage();
        SourceRecord source = new SourceRecord(message.getHeader(KafkaConstants.TOPIC, String.class),
                message.getHeader(KafkaConstants.PARTITION, Integer.class),
                message.getHeader(KafkaConstants.OFFSET, Long.class));
        exchange.setProperty(ExchangeProperties.SOURCE_TOPIC, source.topic());
        exchange.setProperty(ExchangeProperties.SOURCE_PARTITION, source.partition());
        exchange.setProperty(ExchangeProperties.SOURCE_OFFSET, source.offset());
        return source;
    }

    /** The coordinates {@link #remember} kept on the exchange. */
    public static SourceRecord recalled(Exchange exchange) {
        return new SourceRecord(exchange.getProperty(ExchangeProperties.SOURCE_TOPIC, String.class),
                exchange.getProperty(ExchangeProperties.SOURCE_PARTITION, Integer.class),
                exchange.getProperty(ExchangeProperties.SOURCE_OFFSET, Long.class));
    }
}
