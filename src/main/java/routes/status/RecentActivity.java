package routes.status;

import routes.contract.BatchNotification;
import routes.contract.DlqHeaders;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.spi.CamelEvent;
import routes.monitor.SentExchangeNotifier;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The newest batches announced on topic B and the newest dead letters, taken from Camel's "exchange sent"
 * events of the two Kafka producers, so no route or bean carries status code. A batch is kept as its
 * notification's figures; a dead letter only as its {@code dlq.*} headers: never a payload.
 */
public final class RecentActivity extends SentExchangeNotifier {

    /** How many of each the page lists. */
    static final int KEEP = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One batch object written and announced. */
    public record Batch(String at, String eventKey, String table, long records, long bytes, String key) {
    }

    /** One dead letter: who rejected it, why, and where it came from. */
    public record DeadLetter(String at, String stage, String reason, String sourceTopic, String sourcePartition,
                             String sourceOffset) {
    }

    private final String batchesTopic;
    private final String dlqTopic;
    private final Clock clock;
    private final ArrayDeque<Batch> batches = new ArrayDeque<>();
    private final ArrayDeque<DeadLetter> deadLetters = new ArrayDeque<>();

    public RecentActivity(String batchesTopic, String dlqTopic, Clock clock) {
        this.batchesTopic = batchesTopic;
        this.dlqTopic = dlqTopic;
        this.clock = clock;
    }

    @Override
    protected void sent(CamelEvent.ExchangeSentEvent sent) {
        if (sent.getExchange().getException() != null || !(sent.getEndpoint() instanceof KafkaEndpoint kafka)) {
            return;
        }
        String topic = kafka.getConfiguration().getTopic();
        Message message = sent.getExchange().getMessage();
        if (batchesTopic.equals(topic)) {
            batchAnnounced(message.getBody(String.class));
        } else if (dlqTopic.equals(topic)) {
            deadLettered(message);
        }
    }

    void batchAnnounced(String notification) {
        try {
            BatchNotification n = JSON.readValue(notification, BatchNotification.class);
            add(batches, new Batch(clock.instant().toString(), n.eventKey(), n.table(), n.recordCount(), n.bytes(), n.key()));
        } catch (Exception e) {
            // not ours to judge: the loader dead-letters notifications it cannot read
        }
    }

    void deadLettered(Message message) {
        add(deadLetters, new DeadLetter(clock.instant().toString(),
                message.getHeader(DlqHeaders.STAGE, String.class),
                message.getHeader(DlqHeaders.REASON, String.class),
                message.getHeader(DlqHeaders.SOURCE_TOPIC, String.class),
                message.getHeader(DlqHeaders.SOURCE_PARTITION, String.class),
                message.getHeader(DlqHeaders.SOURCE_OFFSET, String.class)));
    }

    private static <T> void add(ArrayDeque<T> list, T item) {
        synchronized (list) {
            list.addFirst(item);
            while (list.size() > KEEP) {
                list.removeLast();
            }
        }
    }

    /** Newest first. */
    public List<Batch> batches() {
        synchronized (batches) {
            return List.copyOf(batches);
        }
    }

    /** Newest first. */
    public List<DeadLetter> deadLetters() {
        synchronized (deadLetters) {
            return List.copyOf(deadLetters);
        }
    }
}
