package routes.security;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import routes.PipelineRuntime;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.local.LocalCertificates;
import routes.local.LocalKafkaSecurity;
import routes.local.LocalSecrets;
import routes.testing.EmbeddedServices;
import routes.testing.SecureKafka;
import routes.testing.TestEvents;
import routes.testing.TestPipelines.Namespace;
import routes.testing.Warehouse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The pipeline on a Kafka that allows nothing but the documented ACLs, over SASL_SSL only (SecureKafka): each
 * role with its own principal loads everything exactly once, and every other access is refused.
 */
@ExtendWith({EmbeddedServices.class, SecureKafka.class})
class SecureKafkaIT {

    private static final int EVENTS = 3_000;
    private static final Duration REFUSAL = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void batcherAndLoaderWithOnlyTheirDocumentedAclsLoadEveryEventExactlyOnceAndNoSecretIsLogged() throws Exception {
        Namespace ns = Namespace.random();
        SecureKafka.createTopicsAndGrant(ns);
        ListAppender<ILoggingEvent> logs = captureLogs();
        StringBuilder observed = new StringBuilder();
        try {
            produce(SecureKafka.client(LocalKafkaSecurity.APP), ns.events(), TestEvents.events(EVENTS, 4));
            PipelineSettings batcherSettings = SecureKafka.pipeline(ns, LocalKafkaSecurity.BATCHER)
                    .set(Setting.ROLE_LOADER, "false").set(Setting.MONITOR_LAG_INTERVAL_S, "1").build();
            PipelineSettings loaderSettings = SecureKafka.pipeline(ns, LocalKafkaSecurity.LOADER)
                    .set(Setting.ROLE_BATCHER, "false").set(Setting.MONITOR_LAG_INTERVAL_S, "1").build();
            try (PipelineRuntime batcher = PipelineRuntime.start(batcherSettings);
                 PipelineRuntime loader = PipelineRuntime.start(loaderSettings)) {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> Warehouse.rows(ns.table()) >= EVENTS);
                // a few more seconds: nothing arrives twice, and the lag monitors read with their principals
                await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
                assertThat(Warehouse.rows(ns.table())).isEqualTo(EVENTS);
                assertThat(Warehouse.distinctIds(ns.table())).isEqualTo(EVENTS);
                observed.append(observe(batcherSettings)).append(observe(loaderSettings));
            }
        } finally {
            detach(logs);
        }
        List<String> secrets = new ArrayList<>();
        for (String principal : List.of(LocalKafkaSecurity.BATCHER, LocalKafkaSecurity.LOADER, LocalKafkaSecurity.APP, LocalKafkaSecurity.ADMIN)) {
            secrets.add(LocalSecrets.read(SecureKafka.security().passwordFile(principal)));
        }
        secrets.add(SecureKafka.security().certificates().storePassword());
        secrets.add("test-hmac-key-of-at-least-32-bytes");
        // what an operator sees: metrics, health details, and every Camel and pipeline MBean through Jolokia
        assertThat(observed).contains("pipeline_rows_inserted_total").contains("kafka://" + ns.events());
        for (String secret : secrets) {
            assertThat(observed.toString()).as("/observe output").doesNotContain(secret);
        }
        assertThat(logs.list).hasSizeGreaterThan(50); // the run was logged: Kafka client configs, batches, loads
        for (ILoggingEvent event : logs.list) {
            String text = text(event);
            for (String secret : secrets) {
                assertThat(text).as("log line of %s", event.getLoggerName()).doesNotContain(secret);
            }
        }
    }

    @Test
    void aClientWithoutCredentialsIsRefused() {
        Map<String, Object> plaintext = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, SecureKafka.bootstrapServers());
        assertThatThrownBy(() -> listTopics(plaintext)).isNotNull();

        Map<String, Object> tlsOnly = new HashMap<>(SecureKafka.client(LocalKafkaSecurity.OPERATOR));
        tlsOnly.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        tlsOnly.remove("sasl.mechanism");
        tlsOnly.remove("sasl.jaas.config");
        assertThatThrownBy(() -> listTopics(tlsOnly)).isNotNull();

        Map<String, Object> wrongPassword = new HashMap<>(SecureKafka.client(LocalKafkaSecurity.OPERATOR));
        wrongPassword.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"" + LocalKafkaSecurity.OPERATOR + "\" password=\"not-the-password\";");
        assertThatThrownBy(() -> listTopics(wrongPassword)).hasRootCauseInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void theBatchersPrincipalCannotReadTopicBOrWriteTopicA() {
        Namespace ns = Namespace.random();
        SecureKafka.createTopicsAndGrant(ns);
        Map<String, Object> batcher = SecureKafka.client(LocalKafkaSecurity.BATCHER);
        assertThatThrownBy(() -> produce(batcher, ns.events(), TestEvents.events(1, 1)))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> consume(batcher, ns.batches(), ns.batcherGroup()))
                .isInstanceOfAny(TopicAuthorizationException.class, GroupAuthorizationException.class);
    }

    @Test
    void theLoadersPrincipalCannotWriteTopicB() {
        Namespace ns = Namespace.random();
        SecureKafka.createTopicsAndGrant(ns);
        assertThatThrownBy(() -> produce(SecureKafka.client(LocalKafkaSecurity.LOADER), ns.batches(), TestEvents.events(1, 1)))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        // and its own group only: reading topic B under the batcher's group is refused
        assertThatThrownBy(() -> consume(SecureKafka.client(LocalKafkaSecurity.LOADER), ns.batches(), ns.batcherGroup()))
                .isInstanceOf(GroupAuthorizationException.class);
    }

    @Test
    void aBrokerCertificateFromAnotherCaIsRefusedWithoutFallingBackToPlaintext() {
        LocalCertificates other = LocalCertificates.in(dir.resolve("other-ca"), "127.0.0.1");
        Map<String, Object> config = new HashMap<>(SecureKafka.client(LocalKafkaSecurity.OPERATOR));
        config.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, other.trustStore().toString());
        config.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, other.storePassword());
        ListAppender<ILoggingEvent> logs = captureLogs();
        try {
            assertThatThrownBy(() -> listTopics(config)).hasCauseInstanceOf(SslAuthenticationException.class)
                    .rootCause().hasMessageContaining("unable to find valid certification path");
        } finally {
            detach(logs);
        }
        // the client says why, once per attempt, and never retries without TLS
        assertThat(logs.list).map(SecureKafkaIT::text)
                .anyMatch(line -> line.contains("failed authentication due to: SSL handshake failed"));
    }

    /** /observe/metrics, /observe/health with details, and a Jolokia read of every Camel and pipeline MBean. */
    private static String observe(PipelineSettings settings) throws Exception {
        String base = "http://127.0.0.1:" + settings.get(Setting.HTTP_PORT);
        StringBuilder text = new StringBuilder();
        text.append(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body());
        text.append(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/observe/health?data=true")).build(), HttpResponse.BodyHandlers.ofString()).body());
        for (String pattern : List.of("org.apache.camel:*", "event-pipeline:*")) {
            String read = "{\"type\":\"read\",\"mbean\":\"" + pattern + "\"}";
            text.append(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/observe/jolokia"))
                    .POST(HttpRequest.BodyPublishers.ofString(read)).build(), HttpResponse.BodyHandlers.ofString()).body());
        }
        return text.toString();
    }

    private static void listTopics(Map<String, Object> config) throws Exception {
        Map<String, Object> bounded = new HashMap<>(config);
        bounded.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REFUSAL.toMillis());
        bounded.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        try (Admin admin = Admin.create(bounded)) {
            admin.listTopics().names().get(REFUSAL.toSeconds() + 5, TimeUnit.SECONDS);
        }
    }

    private static void produce(Map<String, Object> config, String topic, List<byte[]> values) throws Exception {
        Map<String, Object> producer = new HashMap<>(config);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) REFUSAL.toMillis());
        producer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) REFUSAL.toMillis());
        producer.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        try (KafkaProducer<byte[], byte[]> client = new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
            for (byte[] value : values) {
                sends.add(client.send(new ProducerRecord<>(topic, value)));
            }
            for (java.util.concurrent.Future<?> send : sends) {
                send.get(REFUSAL.toSeconds() + 5, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("send refused", e.getCause());
        }
    }

    private static void consume(Map<String, Object> config, String topic, String group) {
        Map<String, Object> consumer = new HashMap<>(config);
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> client = new KafkaConsumer<>(consumer, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            client.subscribe(List.of(topic));
            long deadline = System.nanoTime() + REFUSAL.toNanos();
            while (System.nanoTime() < deadline) {
                client.poll(Duration.ofMillis(500));
            }
        }
    }

    private static ListAppender<ILoggingEvent> captureLogs() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(appender);
        return appender;
    }

    private static void detach(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(appender);
        appender.stop();
    }

    private static String text(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            text.append(' ').append(t.getMessage());
        }
        return text.toString();
    }
}
