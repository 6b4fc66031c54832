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
import java.util.Set;
import java.util.function.BooleanSupplier;

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

    /**
     * Open groups by key, as the aggregator keeps them: flushing one writes it at once (releases its holds), and each
     * flush is recorded with the groups it was asked to complete.
     */
    private final Map<String, PartitionHolds> openGroups = new java.util.TreeMap<>();
    private final List<Set<String>> flushedGroups = new ArrayList<>();
    private final OffsetWatermarks grouped = new OffsetWatermarks("event-batcher", new OpenWork() {
        @Override
        public void flush() {
            flush(Set.copyOf(openGroups.keySet()), () -> true);
        }

        @Override
        public int flush(Set<String> groups, BooleanSupplier durable) {
            flushedGroups.add(new java.util.TreeSet<>(groups));
            groups.forEach(key -> openGroups.remove(key).releaseAll());
            assertThat(durable.getAsBoolean()).as("durable once the groups are written").isTrue();
            return groups.size();
        }
    });

    @Test
    void aCooperativeRevocationCompletesOnlyTheGroupsHoldingTheMovedPartitionAndCommitsIt() {
        WatermarkCommittingConsumer<byte[], byte[]> batcher = new WatermarkCommittingConsumer<>(kafka, grouped, 0);
        batcher.subscribe(List.of("events"));
        kafka.rebalance(List.of(P0, P1));
        kafka.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        aggregate(batcher, "a", P1, 0);
        aggregate(batcher, "b", P0, 0);
        aggregate(batcher, "b", P1, 1); // key b's group holds records of both partitions
        aggregate(batcher, "c", P0, 1);

        kafka.rebalance(List.of(P0)); // MockConsumer revokes only what it takes away, as the cooperative protocol does

        assertThat(flushedGroups).containsExactly(Set.of("a", "b"));
        assertThat(openGroups).as("the kept partition's group keeps filling").containsOnlyKeys("c");
        batcher.poll(Duration.ZERO); // the kept partition commits up to its open group c
        kafka.rebalance(List.of(P0, P1)); // MockConsumer answers committed() for assigned partitions only
        assertThat(kafka.committed(Set.of(P0, P1)))
                .containsEntry(P1, new org.apache.kafka.clients.consumer.OffsetAndMetadata(2))
                .containsEntry(P0, new org.apache.kafka.clients.consumer.OffsetAndMetadata(1));
    }

    @Test
    void lostPartitionsAreNeitherFlushedNorCommittedAndTheKeptOnesKeepTheirHolds() {
        List<ConsumerRebalanceListener> registered = new ArrayList<>();
        ForwardingConsumer<byte[], byte[]> capturing = new ForwardingConsumer<>(kafka) {
            @Override
            public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
                registered.add(listener);
                delegate.subscribe(topics, listener);
            }
        };
        List<Collection<TopicPartition>> camelLost = new ArrayList<>();
        WatermarkCommittingConsumer<byte[], byte[]> batcher = new WatermarkCommittingConsumer<>(capturing, grouped, 0);
        batcher.subscribe(List.of("events"), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                camelLost.add(partitions);
            }
        });
        kafka.rebalance(List.of(P0, P1));
        kafka.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        aggregate(batcher, "a", P1, 0);
        aggregate(batcher, "b", P0, 0);
        done(batcher, P0, 1, true);

        registered.get(0).onPartitionsLost(List.of(P1));

        assertThat(flushedGroups).isEmpty();
        assertThat(grouped.snapshot()).as("the lost partition's ledger and holds are gone").containsOnlyKeys(P0);
        assertThat(camelLost).containsExactly(List.of(P1));
        batcher.poll(Duration.ZERO);
        assertThat(kafka.committed(Set.of(P0, P1)).get(P1)).as("nothing committed for the lost partition").isNull();
        assertThat(kafka.committed(Set.of(P0)).get(P0)).as("held at group b's first record")
                .isEqualTo(new org.apache.kafka.clients.consumer.OffsetAndMetadata(0));
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

    /** One record put into the open group of {@code key} (which holds it), then routed. */
    private void aggregate(WatermarkCommittingConsumer<byte[], byte[]> on, String key, TopicPartition partition, long offset) {
        openGroups.computeIfAbsent(key, k -> new PartitionHolds(grouped, k)).add(partition.topic(), partition.partition(), offset);
        done(on, partition, offset, true);
    }

    private void done(TopicPartition partition, long offset, boolean completed) {
        done(consumer, partition, offset, completed);
    }

    /** One record routed as camel-kafka routes it: the factory's completion, then the exchange done or failed. */
    private void done(WatermarkCommittingConsumer<byte[], byte[]> on, TopicPartition partition, long offset, boolean completed) {
        Exchange exchange = new DefaultExchange(camel);
        completions.newInstance(new CamelExchangePayload(exchange, on, "t", null),
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
