package routes.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import routes.local.EmbeddedKafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Plain Kafka clients for tests: an Admin client, a producer per call and a consumer per call. */
public final class KafkaTestClient implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 30;

    private final String bootstrapServers;
    private final Admin admin;

    public KafkaTestClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    public Admin admin() {
        return admin;
    }

    public void createTopic(String name, int partitions) {
        await(admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all());
        EmbeddedKafka.awaitLeaders(admin, List.of(name));
    }

    /** Sends the values (no key) with acks=all and returns when every one is acknowledged. */
    public void produce(String topic, List<byte[]> values) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 10 * 1024 * 1024,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (byte[] value : values) {
                sent.add(producer.send(new ProducerRecord<>(topic, value)));
            }
            producer.flush();
            sent.forEach(KafkaTestClient::await);
        }
    }

    /**
     * Reads every partition of the topic from the beginning up to its end offsets as they are when
     * called, with a fresh consumer group that commits nothing. Fails if that takes longer than timeout.
     */
    public List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic, Duration timeout) {
        Map<Integer, Long> end = endOffsets(topic);
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<TopicPartition> partitions = end.keySet().stream().map(p -> new TopicPartition(topic, p)).toList();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!reachedEnd(consumer, partitions, end)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("did not read " + topic + " up to " + end + " within " + timeout
                            + "; read " + records.size() + " records");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Committed offset (the next one to read) per partition of the topic, for the group. */
    public Map<Integer, Long> committedOffsets(String groupId, String topic) {
        var committed = await(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
        Map<Integer, Long> byPartition = new TreeMap<>();
        committed.forEach((tp, offset) -> {
            if (tp.topic().equals(topic) && offset != null) {
                byPartition.put(tp.partition(), offset.offset());
            }
        });
        return byPartition;
    }

    /** Log end offset per partition of the topic. */
    public Map<Integer, Long> endOffsets(String topic) {
        TopicDescription description = await(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
        Map<TopicPartition, OffsetSpec> latest = description.partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        var offsets = await(admin.listOffsets(latest).all());
        return offsets.entrySet().stream().collect(Collectors.toMap(
                e -> e.getKey().partition(), e -> e.getValue().offset(), (a, b) -> a, TreeMap::new));
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions,
                                      Map<Integer, Long> end) {
        return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp.partition()));
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
