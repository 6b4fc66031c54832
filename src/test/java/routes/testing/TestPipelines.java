package routes.testing;

import routes.config.PipelineSettings;

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
            "pipeline.kafka.bootstrap-servers", "pipeline.kafka.topic.events", "pipeline.kafka.topic.batches",
            "pipeline.kafka.topic.dlq", "pipeline.kafka.group.batcher", "pipeline.kafka.group.loader",
            "pipeline.kafka.commit-interval-ms", "pipeline.kafka.session-timeout-ms",
            "pipeline.s3.bucket", "pipeline.s3.endpoint", "pipeline.s3.access-key", "pipeline.s3.secret-key",
            "pipeline.s3.prefix", "pipeline.warehouse.dialect", "pipeline.warehouse.jdbc-url", "pipeline.warehouse.user",
            "pipeline.warehouse.password", "pipeline.warehouse.tables", "pipeline.sanitize.hmac-key",
            "pipeline.batch.max-age-ms", "pipeline.load.window-ms", "pipeline.http.port");

    public static PipelineSettings.Builder settings(Namespace ns) {
        return PipelineSettings.builder()
                .set("camel.main.name", "pipeline-" + ns.id())
                .set("pipeline.kafka.bootstrap-servers", EmbeddedServices.kafkaBootstrapServers())
                .set("pipeline.kafka.topic.events", ns.events())
                .set("pipeline.kafka.topic.batches", ns.batches())
                .set("pipeline.kafka.topic.dlq", ns.dlq())
                .set("pipeline.kafka.group.batcher", ns.batcherGroup())
                .set("pipeline.kafka.group.loader", ns.loaderGroup())
                .set("pipeline.kafka.commit-interval-ms", "500")
                // a killed instance's partitions move after 10 s instead of 45 s, so chaos runs spend less time stalled
                .set("pipeline.kafka.session-timeout-ms", "10000")
                .set("pipeline.s3.bucket", EmbeddedServices.bucket())
                .set("pipeline.s3.endpoint", EmbeddedServices.s3Endpoint())
                .set("pipeline.s3.access-key", EmbeddedServices.s3AccessKey())
                .set("pipeline.s3.secret-key", EmbeddedServices.s3SecretKey())
                .set("pipeline.s3.prefix", ns.prefix())
                .set("pipeline.warehouse.dialect", "postgresql")
                .set("pipeline.warehouse.jdbc-url", EmbeddedServices.jdbcUrl())
                .set("pipeline.warehouse.user", EmbeddedServices.dbUser())
                .set("pipeline.warehouse.password", EmbeddedServices.dbPassword())
                .set("pipeline.warehouse.tables", "*=" + ns.table())
                .set("pipeline.sanitize.hmac-key", "test-hmac-key")
                .set("pipeline.batch.max-age-ms", "2000")
                .set("pipeline.load.window-ms", "1000")
                .set("pipeline.http.port", Integer.toString(freePort()));
    }

    /** The group has committed every partition of the topic up to its end (empty partitions count as done). */
    public static boolean caughtUp(String group, String topic) {
        java.util.Map<Integer, Long> committed = EmbeddedServices.committedOffsets(group, topic);
        return EmbeddedServices.endOffsets(topic).entrySet().stream()
                .allMatch(end -> committed.getOrDefault(end.getKey(), 0L).equals(end.getValue()));
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
