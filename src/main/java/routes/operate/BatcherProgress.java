package routes.operate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import routes.batch.BatchObjectNaming;
import routes.config.KafkaClientSecurity;
import routes.config.PipelineSettings;
import routes.config.Setting;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The batcher group's committed offsets, as janitor's second guard besides {@link JanitorFloor}: the batcher
 * commits a record only once it is durable (its batch announced on topic B, or dead-lettered), so while a batch's
 * first record is not committed past, a batcher may still be announcing that batch, or will write it again after a
 * restart. Only an object whose first record the group has committed past can be an orphan; anything janitor cannot
 * tell (an id of another shape, a group without offsets) is kept.
 */
final class BatcherProgress {

    private final Map<TopicPartition, Long> committed;

    BatcherProgress(Map<TopicPartition, Long> committed) {
        this.committed = Map.copyOf(committed);
    }

    static BatcherProgress read(PipelineSettings settings) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", settings.get(Setting.KAFKA_BOOTSTRAP_SERVERS));
        try (Admin admin = Admin.create(KafkaClientSecurity.from(settings).applyTo(properties))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin
                    .listConsumerGroupOffsets(settings.get(Setting.KAFKA_GROUP_BATCHER))
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> committed = new HashMap<>();
            offsets.forEach((tp, om) -> {
                if (om != null) {
                    committed.put(tp, om.offset());
                }
            });
            return new BatcherProgress(committed);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the batcher group's committed offsets: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading the batcher group's committed offsets", e);
        }
    }

    /** The batcher group has committed past the first record of the batch {@code batchId} names. */
    boolean committedPast(String batchId) {
        return BatchObjectNaming.firstRecord(batchId)
                .map(first -> committed.getOrDefault(new TopicPartition(first.topic(), first.partition()), -1L) > first.offset())
                .orElse(false);
    }
}
