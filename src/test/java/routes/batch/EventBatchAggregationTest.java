package routes.batch;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import routes.contract.BatchNotification;
import routes.offsets.OffsetWatermarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The batcher's aggregation strategy alone: one batch per event key, its offset holds and its memory. */
class EventBatchAggregationTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final OffsetWatermarks watermarks = new OffsetWatermarks("event-batcher");
    private final BatchMemoryBudget budget = new BatchMemoryBudget(1 << 20, 1);
    private final EventBatchAggregation aggregation = new EventBatchAggregation(new BatchLimits(3, 1 << 20), watermarks, budget);

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    @Test
    void theFirstRecordOpensTheBatchAndLaterOnesJoinItWithTheirRangesTimesAndBytes() {
        Exchange group = aggregation.aggregate(null, record("a.b", "2026-11-25T10:05:00Z", 0, 40));
        group = aggregation.aggregate(group, record("a.b", "2026-11-25T10:01:00Z", 1, 7));
        group = aggregation.aggregate(group, record("a.b", "2026-11-25T10:09:00Z", 0, 43));
        EventBatch batch = group.getMessage().getBody(EventBatch.class);

        assertThat(batch.eventKey()).isEqualTo("a.b");
        assertThat(batch.recordCount()).isEqualTo(3);
        assertThat(batch.isFull()).as("3 records is the limit").isTrue();
        assertThat(batch.firstOccurredAt()).isEqualTo(Instant.parse("2026-11-25T10:05:00Z"));
        assertThat(batch.minOccurredAt()).isEqualTo(Instant.parse("2026-11-25T10:01:00Z"));
        assertThat(batch.maxOccurredAt()).isEqualTo(Instant.parse("2026-11-25T10:09:00Z"));
        assertThat(batch.sources()).containsExactly(
                new BatchNotification.Source("events", 0, 40, 43), new BatchNotification.Source("events", 1, 7, 7));
        assertThat(budget.openBatches()).isEqualTo(1);
        assertThat(budget.bufferedBytes()).isEqualTo(batch.rawBytes());
    }

    @Test
    void eachPartitionsRangeSpansItsLowestAndHighestOffsetWhateverTheOrderAndTheTopic() {
        Exchange group = aggregation.aggregate(null, record("a.b", "2026-11-25T10:05:00Z", 2, 50));
        group = aggregation.aggregate(group, record("a.b", "2026-11-25T10:05:00Z", 2, 44));    // lower, same partition
        Exchange otherTopic = record("a.b", "2026-11-25T10:05:00Z", 2, 9);
        otherTopic.getMessage().setHeader(KafkaConstants.TOPIC, "events-redriven");            // same number, other topic
        group = aggregation.aggregate(group, otherTopic);
        EventBatch batch = group.getMessage().getBody(EventBatch.class);
        aggregation.aggregate(group, record("a.b", "2026-11-25T10:05:00Z", 2, 47));             // back inside the range

        assertThat(batch.sources()).containsExactly(
                new BatchNotification.Source("events", 2, 44, 50), new BatchNotification.Source("events-redriven", 2, 9, 9));
    }

    @Test
    void theBatchKeepsTheEarliestAndLatestKafkaTimestampOfItsRecordsWhateverTheirOccurredAt() {
        Exchange group = aggregation.aggregate(null, record("a.b", "2026-11-10T10:05:00Z", 0, 40, 1_796_000_002_000L));
        group = aggregation.aggregate(group, record("a.b", "2026-11-10T10:01:00Z", 1, 7, 1_796_000_001_000L));
        group = aggregation.aggregate(group, record("a.b", "2026-11-10T10:09:00Z", 0, 41, 1_796_000_005_000L));
        EventBatch batch = group.getMessage().getBody(EventBatch.class);

        assertThat(batch.minArrivedAt()).isEqualTo(Instant.ofEpochMilli(1_796_000_001_000L));
        assertThat(batch.maxArrivedAt()).isEqualTo(Instant.ofEpochMilli(1_796_000_005_000L));
        assertThat(batch.minOccurredAt()).as("the apps' times are kept apart").isEqualTo(Instant.parse("2026-11-10T10:01:00Z"));
    }

    @Test
    void aBatchWhoseRecordsHaveNoKafkaTimestampHasNoArrivalTimes() {
        Exchange group = aggregation.aggregate(null, record("a.b", "2026-11-25T10:05:00Z", 0, 40));
        EventBatch batch = group.getMessage().getBody(EventBatch.class);

        assertThat(batch.minArrivedAt()).isNull();
        assertThat(batch.maxArrivedAt()).isNull();
    }

    @Test
    void anOpenBatchHoldsTheOffsetsOfItsRecordsUntilItsWriteExchangeIsDone() {
        Exchange group = aggregation.aggregate(null, record("a.b", "2026-11-25T10:05:00Z", 0, 40));
        aggregation.aggregate(group, record("a.b", "2026-11-25T10:05:00Z", 0, 41));
        watermarks.routed("events", 0, 41);
        TopicPartition p0 = new TopicPartition("events", 0);
        assertThat(watermarks.snapshot().get(p0)[1]).as("durable offset while open").isEqualTo(40);

        aggregation.onCompletion(group); // Camel completes the group: the exchange that writes it
        assertThat(watermarks.snapshot().get(p0)[1]).as("durable offset while written").isEqualTo(40);
        group.getExchangeExtension().handoverCompletions().forEach(done -> done.onComplete(group));
        assertThat(watermarks.snapshot().get(p0)[1]).as("durable offset once written").isEqualTo(42);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"failed", "dropped by the stop gate"})
    void aBatchWhoseWriteExchangeFailedOrWasDroppedKeepsItsOffsetsHeld(String outcome) {
        Exchange group = aggregation.aggregate(null, record("a.b", "2026-11-25T10:05:00Z", 0, 40));
        watermarks.routed("events", 0, 40);
        aggregation.onCompletion(group);

        if (outcome.equals("failed")) {
            group.setException(new IllegalStateException("S3 refused"));
            group.getExchangeExtension().handoverCompletions().forEach(done -> done.onFailure(group));
        } else {
            group.setRouteStop(true);
            group.getExchangeExtension().handoverCompletions().forEach(done -> done.onComplete(group));
        }
        assertThat(watermarks.snapshot().get(new TopicPartition("events", 0))[1]).isEqualTo(40);
    }

    @Test
    void theMemoryBudgetCountsTheFieldObservationWithTheLinesUntilTheBatchIsReleased() {
        EventBatchAggregation observing = new EventBatchAggregation(new BatchLimits(3, 1 << 20), watermarks, budget,
                FieldObservationLimits.defaults());
        Exchange first = record("a.b", "2026-11-25T10:05:00Z", 0, 40);
        observed(first, BatchFieldsTest.event("amount", routes.contract.FieldType.DECIMAL, "employee.name",
                routes.contract.FieldType.STRING));
        Exchange second = record("a.b", "2026-11-25T10:05:00Z", 0, 41);
        observed(second, BatchFieldsTest.event("amount", routes.contract.FieldType.INTEGER));
        Exchange group = observing.aggregate(null, first);
        observing.aggregate(group, second);
        EventBatch batch = group.getMessage().getBody(EventBatch.class);

        assertThat(batch.observedFields()).extracting(f -> f.path() + ":" + f.type().wireName() + "=" + f.events())
                .containsExactly("amount:decimal=1", "amount:integer=1", "employee.name:string=1");
        assertThat(batch.heldBytes()).isGreaterThan(batch.rawBytes() + 2 * BatchFields.PATH_ENTRY_BYTES);
        assertThat(budget.bufferedBytes()).isEqualTo(batch.heldBytes());
        budget.completing(batch);
        budget.released(batch);
        assertThat(budget.bufferedBytes()).isZero();
    }

    private static void observed(Exchange record, EventFields fields) {
        AdmissionVerdict.Accepted a = record.getMessage().getBody(AdmissionVerdict.Accepted.class);
        record.getMessage().setBody(new AdmissionVerdict.Accepted(a.eventKey(), a.eventId(), a.occurredAt(), a.json(),
                a.occurredAtFlagged(), fields));
    }

    private Exchange record(String eventKey, String occurredAt, int partition, long offset, long kafkaTimestamp) {
        Exchange exchange = record(eventKey, occurredAt, partition, offset);
        exchange.getMessage().setHeader(KafkaConstants.TIMESTAMP, kafkaTimestamp);
        return exchange;
    }

    private Exchange record(String eventKey, String occurredAt, int partition, long offset) {
        Exchange exchange = new DefaultExchange(camel);
        byte[] json = ("{\"event_key\":\"" + eventKey + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getMessage().setBody(new AdmissionVerdict.Accepted(eventKey, "id-" + offset, Instant.parse(occurredAt), json, false));
        exchange.getMessage().setHeader(KafkaConstants.TOPIC, "events");
        exchange.getMessage().setHeader(KafkaConstants.PARTITION, partition);
        exchange.getMessage().setHeader(KafkaConstants.OFFSET, offset);
        return exchange;
    }
}
