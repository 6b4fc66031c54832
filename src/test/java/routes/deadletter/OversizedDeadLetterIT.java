package routes.deadletter;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import routes.PipelineRuntime;
import routes.config.PipelineSettings;
import routes.contract.DeadLetterObjects;
import routes.contract.DlqHeaders;
import routes.local.EmbeddedKafka;
import routes.operate.DlqRedrive;
import routes.operate.DlqSelection;
import routes.testing.EmbeddedServices;
import routes.testing.TestEvents;
import routes.testing.TestPipelines;
import routes.testing.TestPipelines.Namespace;
import routes.testing.Warehouse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A record small on the wire (gzip) that decompresses past the DLQ topic's max.message.bytes: the broker refuses the
 * whole dead letter, so it must go by reference, or the partition would retry it forever and never commit again.
 */
@ExtendWith(EmbeddedServices.class)
class OversizedDeadLetterIT {

    private static final int DLQ_MAX_MESSAGE_BYTES = 256 * 1024;
    private static final int ORIGINAL_BYTES = 2 * 1024 * 1024;
    private static final int GOOD = 100;

    @Test
    void anOriginalTooLargeForTheDlqTopicIsDeadLetteredByReferenceTheLineKeepsMovingAndRedriveRepublishesIt() throws Exception {
        Namespace ns = Namespace.random();
        createTopics(ns);
        byte[] original = growsOnDecompression();
        List<byte[]> input = new ArrayList<>(TestEvents.events(GOOD / 2, 3));
        input.add(original);
        for (int i = GOOD / 2; i < GOOD; i++) {
            input.add(TestEvents.event(i, 3));
        }
        produceGzipped(ns.events(), input);

        PipelineSettings settings = TestPipelines.settings(ns).build();
        try (PipelineRuntime ignored = PipelineRuntime.start(settings)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> Warehouse.rows(ns.table()) >= GOOD);
            await().atMost(Duration.ofSeconds(30)).until(() -> TestPipelines.caughtUp(ns.batcherGroup(), ns.events()));
        }
        assertThat(Warehouse.rows(ns.table())).as("every good neighbour, before and after it").isEqualTo(GOOD);

        List<ConsumerRecord<byte[], byte[]>> deadLetters = EmbeddedServices.consumeAll(ns.dlq(), Duration.ofSeconds(10));
        assertThat(deadLetters).hasSize(1);
        ConsumerRecord<byte[], byte[]> deadLetter = deadLetters.get(0);
        String key = DeadLetterObjects.key(ns.events(), 0, GOOD / 2);
        assertThat(deadLetter.value()).isEmpty();
        assertThat(header(deadLetter, DlqHeaders.REASON)).startsWith("too_large:");
        assertThat(header(deadLetter, DlqHeaders.SOURCE_OFFSET)).isEqualTo(Integer.toString(GOOD / 2));
        assertThat(header(deadLetter, DlqHeaders.ORIGINAL_S3_KEY)).isEqualTo(key);
        assertThat(header(deadLetter, DlqHeaders.ORIGINAL_BYTES)).isEqualTo(Integer.toString(original.length));
        assertThat(header(deadLetter, DlqHeaders.ORIGINAL_SHA256)).isEqualTo(DeadLetterObjects.sha256Hex(original));
        assertThat(EmbeddedServices.readObject(key)).isEqualTo(original);

        DlqSelection tooLarge = new DlqSelection(DlqSelection.Stage.batcher, "too_large", null, null);
        DlqRedrive.Summary redriven = new DlqRedrive(settings, EmbeddedServices.s3Client()).run(tooLarge, false);
        assertThat(redriven.redriven()).isEqualTo(1);
        assertThat(redriven.failed()).isZero();
        List<ConsumerRecord<byte[], byte[]>> copies = EmbeddedServices.consumeAll(ns.events(), Duration.ofSeconds(10)).stream()
                .filter(r -> r.headers().lastHeader(DlqHeaders.REDRIVEN_FROM) != null).toList();
        assertThat(copies).hasSize(1);
        assertThat(copies.get(0).value()).isEqualTo(original);
    }

    /** A valid event of 2 MiB (over pipeline.event.max-bytes, so dead-lettered) that gzips to a few KiB. */
    private static byte[] growsOnDecompression() {
        String json = "{\"event_id\":\"ev-oversized\",\"event_key\":\"test.key0.happened\","
                + "\"occurred_at\":\"2026-11-24T10:00:00Z\",\"pad\":\"";
        StringBuilder event = new StringBuilder(ORIGINAL_BYTES).append(json);
        while (event.length() < ORIGINAL_BYTES - 2) {
            event.append('a');
        }
        return event.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void createTopics(Namespace ns) throws Exception {
        var admin = EmbeddedServices.adminClient();
        admin.createTopics(List.of(new NewTopic(ns.events(), 1, (short) 1), new NewTopic(ns.batches(), 1, (short) 1),
                new NewTopic(ns.dlq(), 1, (short) 1).configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                        Integer.toString(DLQ_MAX_MESSAGE_BYTES))))).all().get(30, TimeUnit.SECONDS);
        EmbeddedKafka.awaitLeaders(admin, List.of(ns.events(), ns.batches(), ns.dlq()));
    }

    private static void produceGzipped(String topic, List<byte[]> values) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedServices.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * ORIGINAL_BYTES,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, value)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return DlqSelection.header(record, name).orElse(null);
    }
}
