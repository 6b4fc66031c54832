package routes.preflight;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.config.PipelineSettings;
import routes.config.Setting;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One record on the dead-letter topic, with the DLQ's headers and reason {@code preflight_canary}: proves this
 * principal may produce there. It stays on the topic (Kafka has no delete), hence only with {@code --write-canary}.
 */
final class DlqCanary {

    private static final Logger LOG = LoggerFactory.getLogger(DlqCanary.class);

    private final PipelineSettings settings;

    DlqCanary(PipelineSettings settings) {
        this.settings = settings;
    }

    CheckResult write() {
        String topic = settings.get(Setting.KAFKA_TOPIC_DLQ);
        Properties p = KafkaClientProperties.of(settings, "event-pipeline-preflight-canary", KafkaCheck.TIMEOUT_MS);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2 * KafkaCheck.TIMEOUT_MS);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, KafkaCheck.TIMEOUT_MS);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null,
                    "{\"preflight\":\"canary\"}".getBytes(StandardCharsets.UTF_8));
            record.headers().add("dlq.reason", bytes("preflight_canary"));
            record.headers().add("dlq.stage", bytes("preflight"));
            RecordMetadata written = producer.send(record).get(3L * KafkaCheck.TIMEOUT_MS, TimeUnit.MILLISECONDS);
            producer.close(Duration.ofSeconds(5));
            return CheckResult.pass("kafka.canary", "wrote one record (dlq.reason=preflight_canary) to " + topic
                    + " partition " + written.partition() + " offset " + written.offset());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debug("DLQ canary failed", e);
            return CheckResult.fail("kafka.canary", "could not write to " + topic + ": " + Failures.describe(e),
                    "grant WRITE on " + topic + " to this principal, or check pipeline.kafka.topic.dlq");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
