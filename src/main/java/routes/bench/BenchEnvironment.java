package routes.bench;

import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.local.LocalServices;
import routes.local.LocalServicesSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The embedded services of one bench run (Kafka, S3 server, PostgreSQL on free ports in a temp dir, deleted
 * on close), the topics every phase uses, and per-phase pipeline settings: the resolved configuration with
 * the services' addresses, the bench windows, and names (groups, topic B, S3 prefix, table) of the phase.
 */
final class BenchEnvironment implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    static final String EVENTS = "bench-events";
    static final String SCALING_EVENTS = "bench-scaling-events";
    /** End to end gets its own copy of topic A: batch ids come from Kafka coordinates, and the ledger is shared. */
    static final String E2E_EVENTS = "bench-e2e-events";
    static final String LATENCY_EVENTS = "bench-latency-events";
    static final String LATENCY_SHORT_EVENTS = "bench-latency-short-events";
    static final String DLQ = "bench-dlq";

    private final BenchPlan plan;
    private final Supplier<PipelineSettings.Builder> resolved;
    private final Path state;
    private final LocalServices services;

    private BenchEnvironment(BenchPlan plan, Supplier<PipelineSettings.Builder> resolved, Path state, LocalServices services) {
        this.plan = plan;
        this.resolved = resolved;
        this.state = state;
        this.services = services;
    }

    /** @param resolved the command's settings (defaults, local profile, file, environment, --key=value) */
    static BenchEnvironment start(BenchPlan plan, Supplier<PipelineSettings.Builder> resolved) throws Exception {
        PipelineSettings s = resolved.get().build();
        Path state = Files.createTempDirectory("event-pipeline-bench");
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (String topic : new String[] {EVENTS, E2E_EVENTS, SCALING_EVENTS, LATENCY_EVENTS, LATENCY_SHORT_EVENTS,
                batchesTopic("batcher"), batchesTopic("e2e"), batchesTopic(LatencyPhase.DEFAULT.name()),
                batchesTopic(LatencyPhase.SHORT.name())}) {
            topics.put(topic, plan.partitions());
        }
        plan.instances().forEach(n -> topics.put(batchesTopic("scale-" + n), plan.partitions()));
        topics.put(DLQ, 1);
        LocalServices services = new LocalServices(new LocalServicesSettings(HOST, freePort(), freePort(), freePort(),
                freePort(), state, s.get(Setting.S3_BUCKET), s.get(Setting.S3_ACCESS_KEY),
                s.secret(Setting.S3_SECRET_KEY), s.get(Setting.WAREHOUSE_USER),
                s.secret(Setting.WAREHOUSE_PASSWORD), "events", topics));
        try {
            services.start(); // returns once the broker leads every partition (EmbeddedKafka.createTopics)
        } catch (Exception e) {
            deleteRecursively(state);
            throw e;
        }
        return new BenchEnvironment(plan, resolved, state, services);
    }

    static String batchesTopic(String phase) {
        return "bench-batches-" + phase;
    }

    static String table(String phase) {
        return "bench.events_" + phase.replace('-', '_');
    }

    /** Base settings with the services' addresses and the bench windows (unless the command line set them). */
    PipelineSettings.Builder base() {
        PipelineSettings.Builder b = resolved.get();
        PipelineSettings user = b.build();
        PipelineSettings defaults = PipelineSettings.builder().profile("local").build();
        if (user.get(Setting.BATCH_MAX_AGE_MS).equals(defaults.get(Setting.BATCH_MAX_AGE_MS))) {
            b.set(Setting.BATCH_MAX_AGE_MS, Long.toString(BenchPlan.BATCH_MAX_AGE_MS));
        }
        if (user.get(Setting.LOAD_WINDOW_MS).equals(defaults.get(Setting.LOAD_WINDOW_MS))) {
            b.set(Setting.LOAD_WINDOW_MS, Long.toString(BenchPlan.LOAD_WINDOW_MS));
        }
        return b.set(Setting.KAFKA_BOOTSTRAP_SERVERS, services.kafkaBootstrapServers())
                .set(Setting.S3_ENDPOINT, services.s3Endpoint())
                .set(Setting.WAREHOUSE_JDBC_URL, services.jdbcUrl())
                .set(Setting.KAFKA_TOPIC_DLQ, DLQ)
                .set(Setting.MONITOR_LAG_INTERVAL_S, "3600");
    }

    /**
     * One pipeline instance of a phase: its own Camel name and HTTP port; the phase's groups, topic B,
     * prefix and table, so phases never see each other's data.
     */
    PipelineSettings.Builder phase(String phase, String eventsTopic, String batchesPhase, int instance) {
        return base()
                .set("camel.main.name", "bench-" + phase + "-" + instance)
                .set(Setting.HTTP_PORT, Integer.toString(freePort()))
                .set(Setting.KAFKA_TOPIC_EVENTS, eventsTopic)
                .set(Setting.KAFKA_TOPIC_BATCHES, batchesTopic(batchesPhase))
                .set(Setting.KAFKA_GROUP_BATCHER, "bench-batcher-" + phase)
                .set(Setting.KAFKA_GROUP_LOADER, "bench-loader-" + phase)
                .set(Setting.S3_PREFIX, "bench/" + batchesPhase + "/")
                .set(Setting.WAREHOUSE_TABLES, "*=" + table(batchesPhase));
    }

    String bootstrapServers() {
        return services.kafkaBootstrapServers();
    }

    String jdbcUrl() {
        return services.jdbcUrl();
    }

    BenchPlan plan() {
        return plan;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            services.close();
        } finally {
            deleteRecursively(state);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
