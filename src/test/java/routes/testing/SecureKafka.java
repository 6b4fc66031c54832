package routes.testing;

import org.apache.commons.io.file.PathUtils;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.local.EmbeddedKafka;
import routes.local.KafkaRoleAcls;
import routes.local.LocalKafkaSecurity;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * JUnit 5 extension: one secured Kafka per test JVM, as {@code local --secure} runs it (SASL_SSL with SCRAM,
 * generated CA, StandardAuthorizer, a principal per role), next to the plain S3 server and PostgreSQL of
 * {@link EmbeddedServices}. Each test grants the roles' ACLs on its own namespace's names.
 */
public final class SecureKafka implements BeforeAllCallback {

    private static final String HOST = "127.0.0.1";
    private static volatile Running running;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.create(SecureKafka.class))
                .getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class);
    }

    public static String bootstrapServers() {
        return running.kafka.bootstrapServers();
    }

    public static LocalKafkaSecurity security() {
        return running.security;
    }

    /** Topics of the namespace (as the administrator) and every role's ACLs on its names. */
    public static void createTopicsAndGrant(TestPipelines.Namespace ns) {
        running.kafka.createTopics(Map.of(ns.events(), 3, ns.batches(), 3, ns.dlq(), 1));
        running.kafka.grantRoles(new KafkaRoleAcls(ns.events(), ns.batches(), ns.dlq(), ns.batcherGroup(), ns.loaderGroup()));
    }

    /** Client properties of a principal, with the bootstrap servers. */
    public static Map<String, Object> client(String principal) {
        Map<String, Object> config = new HashMap<>(running.security.clientProperties(principal));
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return config;
    }

    /** The test pipeline's settings, against this broker as {@code principal} (S3 and PostgreSQL stay the plain ones). */
    public static PipelineSettings.Builder pipeline(TestPipelines.Namespace ns, String principal) {
        PipelineSettings.Builder builder = TestPipelines.settings(ns).set(Setting.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers());
        running.security.pipelineSettings(principal).forEach(builder::set);
        return builder;
    }

    private static final class Running implements AutoCloseable {
        private final Path dir;
        private final LocalKafkaSecurity security;
        private final EmbeddedKafka kafka;

        private Running(Path dir, LocalKafkaSecurity security, EmbeddedKafka kafka) {
            this.dir = dir;
            this.security = security;
            this.kafka = kafka;
        }

        static Running start() {
            try {
                Path dir = Files.createTempDirectory("event-pipeline-secure-it-");
                LocalKafkaSecurity security = new LocalKafkaSecurity(dir, HOST);
                int brokerPort;
                int controllerPort;
                try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
                    brokerPort = a.getLocalPort();
                    controllerPort = b.getLocalPort();
                }
                EmbeddedKafka kafka = new EmbeddedKafka(HOST, brokerPort, controllerPort, dir.resolve("kafka"), security);
                kafka.start();
                Running started = new Running(dir, security, kafka);
                running = started;
                return started;
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the secured Kafka", e);
            }
        }

        @Override
        public void close() throws Exception {
            running = null;
            try {
                kafka.close();
            } finally {
                PathUtils.deleteDirectory(dir);
            }
        }
    }
}
