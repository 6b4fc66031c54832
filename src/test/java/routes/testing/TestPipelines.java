package routes.testing;

import routes.config.PipelineSettings;
import routes.config.Setting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.UUID;

/**
 * Settings for a pipeline under test: the real application's defaults, with only the connection
 * properties pointed at the embedded services, and topics, groups and the S3 prefix made unique so tests
 * sharing the services cannot see each other's data.
 */
public final class TestPipelines {

    private TestPipelines() {
    }

    /** A fresh namespace: topic names, group ids and S3 prefix derived from one id. */
    public record Namespace(String id) {
        public static Namespace random() {
            return new Namespace("t" + UUID.randomUUID().toString().substring(0, 8));
        }

        public String events() {
            return id + "-events";
        }

        public String batches() {
            return id + "-event-batches";
        }

        public String dlq() {
            return id + "-events-dlq";
        }

        public String batcherGroup() {
            return id + "-event-batcher";
        }

        public String loaderGroup() {
            return id + "-event-loader";
        }

        public String prefix() {
            return id + "/events/";
        }

        public String table() {
            return "public." + id + "_events";
        }

        public void createTopics(int eventPartitions) {
            EmbeddedServices.createTopic(events(), eventPartitions);
            EmbeddedServices.createTopic(batches(), 3);
            EmbeddedServices.createTopic(dlq(), 1);
        }
    }

    /**
     * What a child {@code run} process is given (as --key=value) to join the same namespace and services:
     * every setting {@link #settings} makes, so {@code run} finds everything it requires given.
     */
    public static final java.util.List<String> RUN_KEYS = java.util.List.of("camel.main.name",
            Setting.KAFKA_BOOTSTRAP_SERVERS, Setting.KAFKA_TOPIC_EVENTS, Setting.KAFKA_TOPIC_BATCHES,
            Setting.KAFKA_TOPIC_DLQ, Setting.KAFKA_GROUP_BATCHER, Setting.KAFKA_GROUP_LOADER,
            Setting.KAFKA_COMMIT_INTERVAL_MS, Setting.KAFKA_SESSION_TIMEOUT_MS,
            Setting.S3_BUCKET, Setting.S3_ENDPOINT, Setting.S3_ACCESS_KEY, Setting.S3_SECRET_KEY,
            Setting.S3_PREFIX, Setting.WAREHOUSE_DIALECT, Setting.WAREHOUSE_JDBC_URL, Setting.WAREHOUSE_USER,
            Setting.WAREHOUSE_PASSWORD, Setting.WAREHOUSE_TABLES, Setting.SANITIZE_HMAC_KEY,
            Setting.BATCH_MAX_AGE_MS, Setting.LOAD_WINDOW_MS, Setting.HTTP_PORT, Setting.VIEWS_ENABLED);

    public static PipelineSettings.Builder settings(Namespace ns) {
        return PipelineSettings.builder()
                .set("camel.main.name", "pipeline-" + ns.id())
                .set(Setting.KAFKA_BOOTSTRAP_SERVERS, EmbeddedServices.kafkaBootstrapServers())
                .set(Setting.KAFKA_TOPIC_EVENTS, ns.events())
                .set(Setting.KAFKA_TOPIC_BATCHES, ns.batches())
                .set(Setting.KAFKA_TOPIC_DLQ, ns.dlq())
                .set(Setting.KAFKA_GROUP_BATCHER, ns.batcherGroup())
                .set(Setting.KAFKA_GROUP_LOADER, ns.loaderGroup())
                .set(Setting.KAFKA_COMMIT_INTERVAL_MS, "500")
                // a killed instance's partitions move after 10 s instead of 45 s, so chaos runs spend less time stalled
                .set(Setting.KAFKA_SESSION_TIMEOUT_MS, "10000")
                .set(Setting.S3_BUCKET, EmbeddedServices.bucket())
                .set(Setting.S3_ENDPOINT, EmbeddedServices.s3Endpoint())
                .set(Setting.S3_ACCESS_KEY, EmbeddedServices.s3AccessKey())
                .set(Setting.S3_SECRET_KEY, EmbeddedServices.s3SecretKey())
                .set(Setting.S3_PREFIX, ns.prefix())
                .set(Setting.WAREHOUSE_DIALECT, "postgresql")
                .set(Setting.WAREHOUSE_JDBC_URL, EmbeddedServices.jdbcUrl())
                .set(Setting.WAREHOUSE_USER, EmbeddedServices.dbUser())
                .set(Setting.WAREHOUSE_PASSWORD, EmbeddedServices.dbPassword())
                .set(Setting.WAREHOUSE_TABLES, "*=" + ns.table())
                .set(Setting.SANITIZE_HMAC_KEY, "test-hmac-key-of-at-least-32-bytes")
                .set(Setting.BATCH_MAX_AGE_MS, "2000")
                .set(Setting.LOAD_WINDOW_MS, "1000")
                // the views per event key are FieldHistoryAndViewsIT's; these pipelines share one database
                .set(Setting.VIEWS_ENABLED, "false")
                .set(Setting.HTTP_PORT, Integer.toString(freePort()));
    }

    /** The group has committed every partition of the topic up to its end (empty partitions count as done). */
    public static boolean caughtUp(String group, String topic) {
        java.util.Map<Integer, Long> committed = EmbeddedServices.committedOffsets(group, topic);
        return EmbeddedServices.endOffsets(topic).entrySet().stream()
                .allMatch(end -> committed.getOrDefault(end.getKey(), 0L).equals(end.getValue()));
    }

    /** Every produced event is a row, and both groups have committed their topics to the end. */
    public static boolean drained(Namespace ns, long produced) {
        return Warehouse.rows(ns.table()) >= produced
                && caughtUp(ns.batcherGroup(), ns.events())
                && caughtUp(ns.loaderGroup(), ns.batches());
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
