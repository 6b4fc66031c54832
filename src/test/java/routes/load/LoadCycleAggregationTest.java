package routes.load;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.aggregate.DefaultAggregateController;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import routes.contract.BatchNotification;
import routes.contract.PipelineHeaders;
import routes.offsets.OffsetWatermarks;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The loader's aggregation strategy alone: one cycle per table, complete by count, rows or bytes, holding offsets. */
class LoadCycleAggregationTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final OffsetWatermarks watermarks = new OffsetWatermarks("event-loader");
    private final LoadCycleAggregation aggregation = new LoadCycleAggregation(new LoadCycle.LoadLimits(3, 1_000), watermarks,
            new LoadTurns(new DefaultAggregateController(), Duration.ZERO, () -> false));

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    @Test
    void notificationsGatherIntoOneCycleForTheirTableUntilTheBatchCountIsReached() {
        Exchange group = aggregation.aggregate(null, notification("b1", 100, 0, 5));
        group = aggregation.aggregate(group, notification("b2", 100, 0, 6));
        LoadCycle cycle = group.getMessage().getBody(LoadCycle.class);
        assertThat(cycle.table()).isEqualTo("public.events");
        assertThat(cycle.isFull()).isFalse();

        aggregation.aggregate(group, notification("b3", 100, 1, 2));
        assertThat(cycle.notifications()).extracting(BatchNotification::batchId).containsExactly("b1", "b2", "b3");
        assertThat(cycle.isFull()).as("3 notifications is the limit").isTrue();
    }

    @Test
    void aCycleIsFullWhenItsObjectsReachTheByteLimit() {
        Exchange group = aggregation.aggregate(null, notification("big", 1_000, 0, 5));
        assertThat(group.getMessage().getBody(LoadCycle.class).isFull()).isTrue();
    }

    @Test
    void aCycleIsFullWhenItsBatchesHoldTheRowLimitBeforeTheObjectOrByteLimits() {
        LoadCycleAggregation byRows = new LoadCycleAggregation(new LoadCycle.LoadLimits(64, 5, 1L << 30), watermarks,
                new LoadTurns(new DefaultAggregateController(), Duration.ZERO, () -> false));
        Exchange group = byRows.aggregate(null, notification("b1", 10, 0, 5, 3));
        LoadCycle cycle = group.getMessage().getBody(LoadCycle.class);
        assertThat(cycle.isFull()).as("3 of 5 rows").isFalse();

        byRows.aggregate(group, notification("b2", 10, 0, 6, 2));
        assertThat(cycle.isFull()).as("5 rows is the limit, 2 of 64 objects").isTrue();
    }

    @Test
    void aCycleHoldsItsNotificationsOffsetsUntilItsLoadExchangeIsDone() {
        Exchange group = aggregation.aggregate(null, notification("b1", 10, 0, 5));
        aggregation.aggregate(group, notification("b2", 10, 0, 6));
        watermarks.routed("event-batches", 0, 6);
        TopicPartition p0 = new TopicPartition("event-batches", 0);
        assertThat(watermarks.snapshot().get(p0)[1]).isEqualTo(5);

        aggregation.onCompletion(group); // Camel completes the group: the exchange that loads it
        assertThat(watermarks.snapshot().get(p0)[1]).as("while loading").isEqualTo(5);
        group.getExchangeExtension().handoverCompletions().forEach(done -> done.onComplete(group));
        assertThat(watermarks.snapshot().get(p0)[1]).as("once the load's exchange is done").isEqualTo(7);
    }

    private Exchange notification(String batchId, long bytes, int partition, long offset) {
        return notification(batchId, bytes, partition, offset, 1);
    }

    private Exchange notification(String batchId, long bytes, int partition, long offset, long records) {
        BatchNotification n = new BatchNotification(batchId, "a.b", "public.events", "event-logs",
                "events/event_key=a.b/dt=2026-11-25/hour=10/" + batchId + ".ndjson.gz", records, bytes, "a".repeat(64),
                "2026-11-25T10:00:00Z", "2026-11-25T10:00:00Z", List.of(new BatchNotification.Source("events", 0, 1, 1)),
                "2026-11-25T10:01:00Z");
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(new LoadCycle.Entry(n, new byte[0], "event-batches", partition, offset));
        exchange.getMessage().setHeader(PipelineHeaders.TABLE, "public.events");
        return exchange;
    }
}
