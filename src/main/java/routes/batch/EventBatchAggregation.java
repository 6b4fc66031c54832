package routes.batch;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import routes.offsets.OffsetWatermarks;

/**
 * The aggregator's strategy for the batcher: one {@link EventBatch} per event key. Runs under the
 * aggregator's lock on the polling thread, so taking the offset hold here happens before the record is
 * marked as routed (when its own exchange is done: routes.offsets.RecordCompletions).
 */
public final class EventBatchAggregation implements AggregationStrategy {

    private final BatchLimits limits;
    private final OffsetWatermarks watermarks;
    private final BatchMemoryBudget budget;
    private final FieldObservationLimits observation;

    /** Batches that do not observe their events' fields. */
    public EventBatchAggregation(BatchLimits limits, OffsetWatermarks watermarks, BatchMemoryBudget budget) {
        this(limits, watermarks, budget, FieldObservationLimits.OFF);
    }

    public EventBatchAggregation(BatchLimits limits, OffsetWatermarks watermarks, BatchMemoryBudget budget,
                                 FieldObservationLimits observation) {
        this.limits = limits;
        this.watermarks = watermarks;
        this.budget = budget;
        this.observation = observation;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Message in = newExchange.getMessage();
        AdmissionVerdict.Accepted event = in.getBody(AdmissionVerdict.Accepted.class);
        Exchange group = oldExchange == null ? newExchange : oldExchange;
        EventBatch batch;
        if (oldExchange == null) {
            batch = new EventBatch(event.eventKey(), limits, watermarks, observation);
            group.getMessage().setBody(batch);
            budget.opened(batch);
        } else {
            batch = oldExchange.getMessage().getBody(EventBatch.class);
        }
        long before = batch.heldBytes();
        batch.add(event,
                in.getHeader(KafkaConstants.TOPIC, String.class),
                in.getHeader(KafkaConstants.PARTITION, Integer.class),
                in.getHeader(KafkaConstants.OFFSET, Long.class),
                kafkaTimestamp(in));
        budget.grew(batch.heldBytes() - before);
        return group;
    }

    /**
     * Camel calls this once per completed batch (any trigger), with the exchange that then writes it: the batch's
     * offset holds go with that exchange's completion (the object in S3 and its notification on topic B).
     */
    @Override
    public void onCompletion(Exchange exchange) {
        exchange.getMessage().getBody(EventBatch.class).releaseHoldsWhenDone(exchange);
    }

    /** The record's Kafka timestamp (camel-kafka sets it on every consumed record), -1 when there is none. */
    private static long kafkaTimestamp(Message in) {
        Long timestamp = in.getHeader(KafkaConstants.TIMESTAMP, Long.class);
        return timestamp == null ? -1 : timestamp;
    }
}
