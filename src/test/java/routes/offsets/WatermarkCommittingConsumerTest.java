package routes.offsets;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.consumer.KafkaManualCommitFactory.CamelExchangePayload;
import org.apache.camel.component.kafka.consumer.KafkaManualCommitFactory.KafkaRecordPayload;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The wrapper camel-kafka polls, around a MockConsumer, with records routed the way camel-kafka routes them: each
 * record's exchange gets its completion from {@link RecordCompletions}, and what is committed follows the exchanges.
 */
class WatermarkCommittingConsumerTest {

    private static final TopicPartition P0 = new TopicPartition("events", 0);
    private static final TopicPartition P1 = new TopicPartition("events", 1);

    private final CamelContext camel = new DefaultCamelContext();
    private final MockConsumer<byte[], byte[]> kafka = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
    private final List<String> flushes = new ArrayList<>();
    private final OffsetWatermarks watermarks = new OffsetWatermarks("event-batcher", () -> flushes.add("flush"));
    private final WatermarkCommittingConsumer<byte[], byte[]> consumer = new WatermarkCommittingConsumer<>(kafka, watermarks, 0);
    private final RecordCompletions completions = new RecordCompletions();

    @Test
    void onlyRecordsWhoseExchangesCompletedAreCommittedAndAFailedOneHoldsItsPartitionBack() {
        subscribeAndAssign(List.of(P0, P1));
        done(P0, 0, true);
        done(P0, 1, true);
        done(P1, 0, true);
        done(P1, 1, false); // failed: delivered again later
        done(P1, 2, true);

        consumer.poll(Duration.ZERO); // commits before polling, at most once per interval (0 here)

        assertThat(kafka.committed(java.util.Set.of(P0, P1))).containsEntry(P0, new org.apache.kafka.clients.consumer.OffsetAndMetadata(2))
                .containsEntry(P1, new org.apache.kafka.clients.consumer.OffsetAndMetadata(1));
    }

    @Test
    void aRevocationFlushesTheOpenWorkThenCommitsTheRevokedPartitions() {
        List<Collection<TopicPartition>> camelSaw = new ArrayList<>();
        consumer.subscribe(List.of("events"), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                camelSaw.add(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }
        });
        kafka.rebalance(List.of(P0));
        kafka.updateBeginningOffsets(Map.of(P0, 0L));
        done(P0, 0, true);
        done(P0, 1, true);

        kafka.rebalance(List.of()); // MockConsumer revokes P0 through the listener the wrapper registered
        kafka.rebalance(List.of(P0)); // MockConsumer answers committed() for assigned partitions only

        assertThat(flushes).containsExactly("flush");
        assertThat(kafka.committed(java.util.Set.of(P0))).containsEntry(P0, new org.apache.kafka.clients.consumer.OffsetAndMetadata(2));
        assertThat(camelSaw).as("camel-kafka's own listener still hears of it").first().asList().containsExactly(P0);
    }

    @Test
    void recordCompletionsRefuseAConsumerThatDoesNotCommitTheWatermarks() {
        Exchange exchange = new DefaultExchange(camel);
        assertThatThrownBy(() -> completions.newInstance(new CamelExchangePayload(exchange, kafka, "t", null),
                new KafkaRecordPayload(P0, 0, 1000), null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("kafkaClientFactory=#watermarkCommits");
    }

    private void subscribeAndAssign(List<TopicPartition> partitions) {
        consumer.subscribe(List.of("events"), null);
        kafka.rebalance(partitions);
        Map<TopicPartition, Long> beginning = new java.util.HashMap<>();
        partitions.forEach(p -> beginning.put(p, 0L));
        kafka.updateBeginningOffsets(beginning);
    }

    /** One record routed as camel-kafka routes it: the factory's completion, then the exchange done or failed. */
    private void done(TopicPartition partition, long offset, boolean completed) {
        Exchange exchange = new DefaultExchange(camel);
        completions.newInstance(new CamelExchangePayload(exchange, consumer, "t", null),
                new KafkaRecordPayload(partition, offset, 1000), null);
        if (!completed) {
            exchange.setException(new IllegalStateException("refused"));
        }
        exchange.getExchangeExtension().handoverCompletions().forEach(s -> {
            if (completed) {
                s.onComplete(exchange);
            } else {
                s.onFailure(exchange);
            }
        });
    }
}
