package routes.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.io.file.PathUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import routes.local.LocalServices;
import routes.local.LocalServicesSettings;
import software.amazon.awssdk.services.s3.S3Client;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JUnit 5 extension: real Kafka, S3 server and PostgreSQL on free ports in a temporary directory,
 * started once per test JVM (kept in the root store, closed after the last test) and shared by all
 * test classes that use {@code @ExtendWith(EmbeddedServices.class)}. Tests reach them through the
 * static accessors; give topics and S3 prefixes unique names to stay independent of other tests.
 */
public final class EmbeddedServices implements BeforeAllCallback {

    private static final String HOST = "127.0.0.1";
    private static final String BUCKET = "event-logs";
    private static final String ACCESS_KEY = "test";
    private static final String SECRET_KEY = "test-secret";
    private static final String DB = "events";

    private static volatile Running running;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.create(EmbeddedServices.class))
                .getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class);
    }

    public static String kafkaBootstrapServers() {
        return get().services.kafkaBootstrapServers();
    }

    public static String s3Endpoint() {
        return get().services.s3Endpoint();
    }

    public static String bucket() {
        return BUCKET;
    }

    public static String s3AccessKey() {
        return ACCESS_KEY;
    }

    public static String s3SecretKey() {
        return SECRET_KEY;
    }

    public static S3Client s3Client() {
        return get().s3.client();
    }

    public static String jdbcUrl() {
        return get().services.jdbcUrl();
    }

    public static String dbUser() {
        return DB;
    }

    public static String dbPassword() {
        return DB;
    }

    /** A small pool on the warehouse; after {@link #startPostgres()} it replaces its broken connections. */
    public static DataSource dataSource() {
        return get().dataSource;
    }

    public static Admin adminClient() {
        return get().kafka.admin();
    }

    public static void createTopic(String name, int partitions) {
        get().kafka.createTopic(name, partitions);
    }

    /** Stops PostgreSQL, keeping its data directory and port: the warehouse is "down". */
    public static void stopPostgres() throws IOException {
        get().services.warehouse().stop();
    }

    /** Starts PostgreSQL again on the same port and data after {@link #stopPostgres()}. */
    public static void startPostgres() throws Exception {
        get().services.warehouse().start();
    }

    /** Stops the S3 server, keeping its port and base directory: S3 is "unreachable". */
    public static void stopS3() throws Exception {
        get().services.s3().close();
    }

    /** Starts the S3 server again after {@link #stopS3()}; the objects written before are still there. */
    public static void startS3() throws Exception {
        get().services.s3().start();
    }

    /** Stops the Kafka node, keeping its ports and log directory (topics, records, committed offsets). */
    public static void stopKafka() {
        get().services.kafka().close();
    }

    /** Starts the Kafka node again after {@link #stopKafka()}; clients reconnect on their own. */
    public static void startKafka() {
        get().services.kafka().start();
    }

    public static void produce(String topic, List<byte[]> values) {
        get().kafka.produce(topic, values);
    }

    /** @see KafkaTestClient#consumeAll(String, Duration) */
    public static List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic, Duration timeout) {
        return get().kafka.consumeAll(topic, timeout);
    }

    public static Map<Integer, Long> committedOffsets(String groupId, String topic) {
        return get().kafka.committedOffsets(groupId, topic);
    }

    public static Map<Integer, Long> endOffsets(String topic) {
        return get().kafka.endOffsets(topic);
    }

    public static List<String> listObjects(String prefix) {
        return get().s3.listObjects(prefix);
    }

    public static byte[] readObject(String key) {
        return get().s3.readBytes(key);
    }

    public static List<String> readGzipLines(String key) {
        return get().s3.readGzipLines(key);
    }

    private static Running get() {
        Running current = running;
        if (current == null) {
            throw new IllegalStateException("embedded services are not running: add @ExtendWith(EmbeddedServices.class)");
        }
        return current;
    }

    /** The services and their clients; JUnit closes it (an AutoCloseable in the root store) at the end. */
    private static final class Running implements AutoCloseable {

        private final Path dataDir;
        private final LocalServices services;
        private final KafkaTestClient kafka;
        private final S3TestClient s3;
        private final HikariDataSource dataSource;

        private Running(Path dataDir, LocalServices services) {
            this.dataDir = dataDir;
            this.services = services;
            this.kafka = new KafkaTestClient(services.kafkaBootstrapServers());
            this.s3 = new S3TestClient(services.s3Endpoint(), ACCESS_KEY, SECRET_KEY, BUCKET);
            this.dataSource = dataSource(services.jdbcUrl());
        }

        static Running start() {
            Path dataDir = null;
            try {
                dataDir = Files.createTempDirectory("event-pipeline-it-");
                int[] ports = freePorts(4);
                LocalServices services = new LocalServices(new LocalServicesSettings(HOST,
                        ports[0], ports[1], ports[2], ports[3], dataDir, BUCKET, ACCESS_KEY, SECRET_KEY,
                        DB, DB, DB, Map.of()));
                services.start(); // closes whatever it started if one service fails
                Running started = new Running(dataDir, services);
                running = started;
                return started;
            } catch (Exception e) {
                deleteQuietly(dataDir, e);
                throw new IllegalStateException("cannot start the embedded services", e);
            }
        }

        @Override
        public void close() throws Exception {
            running = null;
            try (services; kafka; s3; dataSource) {
                // closed in reverse order: pool and clients first, then the services
            } finally {
                PathUtils.deleteDirectory(dataDir);
            }
        }

        private static void deleteQuietly(Path dir, Exception failure) {
            try {
                if (dir != null) {
                    PathUtils.deleteDirectory(dir);
                }
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }

        private static HikariDataSource dataSource(String jdbcUrl) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(jdbcUrl);
            config.setUsername(DB);
            config.setPassword(DB);
            config.setMaximumPoolSize(4);
            config.setMinimumIdle(0);
            config.setConnectionTimeout(10_000);
            config.setPoolName("embedded-warehouse");
            return new HikariDataSource(config);
        }

        /** Ports the OS reports free, all held at once so that they differ. */
        private static int[] freePorts(int count) throws IOException {
            List<ServerSocket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < count; i++) {
                    sockets.add(new ServerSocket(0, 50, InetAddress.getByName(HOST)));
                }
                return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
            } finally {
                for (ServerSocket socket : sockets) {
                    socket.close();
                }
            }
        }
    }
}
