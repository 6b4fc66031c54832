package routes.offsets;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.consumer.CommitManager;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommitFactory;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.kafka.common.TopicPartition;

/**
 * camel-kafka's manual-commit factory (endpoint option {@code kafkaManualCommitFactory}, with
 * {@code allowManualCommit=true}): camel-kafka calls it for every record, with the record's exchange, before routing
 * it. It registers the record's completion on the exchange itself, so no step of the routes file has to: done, the
 * record is routed ({@link OffsetWatermarks#routed}: it is in an aggregator group, which holds it until the group's
 * own exchange is done, in the DLQ, or dropped by a rule); failed, it is not, and keeps the watermark below it until
 * it is delivered again. Then the group's open work hears of it (the batcher's memory budget).
 *
 * <p>The consumer camel-kafka hands over is the {@link WatermarkCommittingConsumer} of the same endpoint (its
 * {@code kafkaClientFactory}), whose watermarks the completion moves. Because this is not one of camel-kafka's own
 * factories, camel-kafka picks its no-op commit manager: it commits nothing itself.
 */
public final class RecordCompletions implements KafkaManualCommitFactory {

    @Override
    public KafkaManualCommit newInstance(CamelExchangePayload exchange, KafkaRecordPayload record, CommitManager ignored) {
        if (!(exchange.consumer instanceof WatermarkCommittingConsumer<?, ?> consumer)) {
            // RoutesFile refuses such a routes file at start; this is the last guard
            throw new IllegalStateException("a Kafka endpoint with kafkaManualCommitFactory=#" + BEAN
                    + " must also have kafkaClientFactory=#" + WatermarkConsumerFactory.BEAN);
        }
        exchange.exchange.getExchangeExtension().addOnCompletion(
                new RecordDone(consumer.watermarks(), record.partition, record.recordOffset));
        return NO_MANUAL_COMMIT;
    }

    /** The bean name routes.yaml gives this factory. */
    public static final String BEAN = "recordCompletions";

    /** The header camel-kafka sets from this: nothing to commit by hand, offsets follow the watermarks. */
    private static final KafkaManualCommit NO_MANUAL_COMMIT = () -> {
        throw new UnsupportedOperationException("offsets are committed up to the watermarks by "
                + WatermarkConsumerFactory.BEAN + ", never by hand");
    };

    private static final class RecordDone extends SynchronizationAdapter {
        private final OffsetWatermarks watermarks;
        private final TopicPartition partition;
        private final long offset;

        RecordDone(OffsetWatermarks watermarks, TopicPartition partition, long offset) {
            this.watermarks = watermarks;
            this.partition = partition;
            this.offset = offset;
        }

        @Override
        public void onComplete(Exchange exchange) {
            watermarks.routed(partition.topic(), partition.partition(), offset);
            watermarks.openWork().afterRecord();
        }

        @Override
        public void onFailure(Exchange exchange) {
            watermarks.failed(partition.topic(), partition.partition(), offset);
        }
    }
}
