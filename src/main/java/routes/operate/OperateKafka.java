package routes.operate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import routes.config.KafkaClientSecurity;
import routes.config.PipelineSettings;
import routes.config.Setting;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Plain Kafka clients for the operator commands, configured from the same settings as {@code run}. The
 * consumer is assigned (no group, nothing committed): an operator command must never move the pipeline's
 * offsets. Their security is the routes' ({@link KafkaClientSecurity}).
 */
final class OperateKafka {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);
    /** Room for a record's key, headers and batch framing on top of its value. */
    private static final int RECORD_OVERHEAD_BYTES = 64 * 1024;
    private static final long DEFAULT_BUFFER_MEMORY = 32L * 1024 * 1024;

    private final PipelineSettings settings;

    OperateKafka(PipelineSettings settings) {
        this.settings = settings;
    }

    KafkaProducer<byte[], byte[]> producer() {
        return producer(0);
    }

    /**
     * A producer that also takes records of up to {@code largestRecordBytes} (originals kept in S3 because they were
     * too large for the DLQ): its request and buffer limits grow to fit, and it compresses (gzip, in the JDK), since
     * the producer measures a record uncompressed but the broker checks the compressed batch against the topic's
     * max.message.bytes.
     */
    KafkaProducer<byte[], byte[]> producer(long largestRecordBytes) {
        Map<String, Object> config = common();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        int maxRequest = settings.getInt(Setting.KAFKA_DLQ_MAX_REQUEST_BYTES);
        if (largestRecordBytes > 0) {
            int needed = (int) Math.min(Integer.MAX_VALUE / 2, largestRecordBytes + RECORD_OVERHEAD_BYTES);
            maxRequest = Math.max(maxRequest, needed);
            config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(DEFAULT_BUFFER_MEMORY, 2L * maxRequest));
            config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
        }
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequest);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(config);
    }

    /**
     * Waits for every send's acknowledgement (each at most {@link #SEND_TIMEOUT}), running {@code each} after each one;
     * returns how many were not acknowledged.
     */
    static int unacknowledged(List<Future<RecordMetadata>> sends, Runnable each) {
        int failed = 0;
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get(SEND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                failed++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed++;
            }
            each.run();
        }
        return failed;
    }

    /**
     * Reads every partition of {@code topic} from the first offset at or after {@code since} (epoch ms; 0 = the
     * beginning) up to the end offsets as they are now, handing each record to {@code sink}.
     */
    void readUpToEnd(String topic, long since, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        Map<String, Object> config = common();
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> timestamps = new HashMap<>();
            partitions.forEach(tp -> timestamps.put(tp, since));
            consumer.offsetsForTimes(timestamps).forEach((tp, found) ->
                    consumer.seek(tp, found == null ? end.get(tp) : found.offset()));
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + READ_TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        sink.accept(record);
                    }
                }
            }
        }
    }

    private Map<String, Object> common() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", settings.get(Setting.KAFKA_BOOTSTRAP_SERVERS));
        return KafkaClientSecurity.from(settings).applyTo(config);
    }
}
