package routes.local;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * A single-node Kafka (KRaft, broker and controller in one, node id 1) inside this JVM, bound to one
 * host, sized for a laptop. An already formatted log directory is kept, so topics and offsets survive
 * a restart.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final long ADMIN_TIMEOUT_SECONDS = 30;

    private final String host;
    private final int brokerPort;
    private final int controllerPort;
    private final Path logDir;
    private final LocalKafkaSecurity security;
    private KafkaRaftServer server;

    /**
     * @param host           address both listeners bind to and the broker advertises, e.g. {@code 127.0.0.1}
     * @param brokerPort     port of the PLAINTEXT listener that clients use
     * @param controllerPort port of the KRaft controller listener
     * @param logDir         directory of the partition and metadata logs; created if absent
     */
    public EmbeddedKafka(String host, int brokerPort, int controllerPort, Path logDir) {
        this(host, brokerPort, controllerPort, logDir, null);
    }

    /** With {@code security} (not null): SASL_SSL only, principals, an authorizer (see {@link LocalKafkaSecurity}). */
    public EmbeddedKafka(String host, int brokerPort, int controllerPort, Path logDir, LocalKafkaSecurity security) {
        this.host = host;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.logDir = logDir;
        this.security = security;
    }

    /** Formats the log directory unless it already is, then starts the node; returns when it serves clients. */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("Kafka is already running on " + bootstrapServers());
        }
        Properties props = brokerProperties();
        formatLogDir(props);
        KafkaRaftServer started = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        try {
            started.startup();
        } catch (RuntimeException e) {
            started.shutdown();
            started.awaitShutdown();
            throw e;
        }
        server = started;
    }

    /** {@code host:port} of the client listener (PLAINTEXT, or SASL_SSL when secured). */
    public String bootstrapServers() {
        return host + ":" + brokerPort;
    }

    /**
     * Creates the topics (replication factor 1) that do not exist yet; existing ones are left as they
     * are, whatever their partition count.
     */
    public void createTopics(Map<String, Integer> namesToPartitions) {
        List<NewTopic> topics = namesToPartitions.entrySet().stream()
                .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
                .toList();
        try (Admin admin = Admin.create(adminProperties())) {
            CreateTopicsResult result = admin.createTopics(topics);
            for (var entry : result.values().entrySet()) {
                awaitCreated(entry.getKey(), entry.getValue());
            }
            awaitLeaders(admin, namesToPartitions.keySet());
        }
    }

    /** Grants every role's principal its ACLs on these names (secured only; existing bindings are kept). */
    public void grantRoles(KafkaRoleAcls names) {
        if (security == null) {
            return;
        }
        try (Admin admin = Admin.create(adminProperties())) {
            security.grant(admin, names);
        }
    }

    private Properties adminProperties() {
        Properties p = security == null ? new Properties() : security.adminProperties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    /**
     * Returns once the broker itself leads every partition of the topics. Creation returns earlier, and a
     * leader in the metadata is not enough: an idempotent producer that meets NOT_LEADER_OR_FOLLOWER on a
     * partition's first batches can then retry them with a sequence the broker refuses as out of order,
     * over and over until its delivery timeout (seen twice in the bench, 120 s lost each time).
     * A ListOffsets answer comes only from the partition's local leader, so the admin client retries
     * until each partition has one.
     */
    public static void awaitLeaders(Admin admin, Collection<String> topics) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ADMIN_TIMEOUT_SECONDS);
        while (true) {
            try {
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                // the partitions each topic has, which for a topic that existed may differ from the request
                admin.describeTopics(topics).allTopicNames().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                        .forEach((topic, description) -> description.partitions().forEach(p ->
                                partitions.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
                admin.listOffsets(partitions).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic partitions have no leader on this broker: "
                            + topics, e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("timed out waiting for partition leaders: " + topics, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for partition leaders", e);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // the metadata is still on its way
        }
    }

    private static void awaitCreated(String topic, org.apache.kafka.common.KafkaFuture<Void> future) {
        try {
            future.get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic, e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topic " + topic, e);
        }
    }

    /** Stops the node and waits until its threads are gone. Does nothing when it is not running. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            server = null;
        }
    }

    private Properties brokerProperties() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", String.valueOf(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://" + host + ":" + brokerPort + ",CONTROLLER://" + host + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + brokerPort);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
        // One node: every internal topic has one replica.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "5");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "5");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        // Consumers join at once instead of waiting 3 s for more members.
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Topics exist because someone created them, never because a client mistyped a name.
        p.setProperty("auto.create.topics.enable", "false");
        // Laptop sizing: small segments, a day of retention, few threads, a small cleaner buffer.
        // Oversized input must reach the batcher (and the DLQ, whole) so it can be refused with a reason.
        p.setProperty("message.max.bytes", String.valueOf(10 * 1024 * 1024));
        p.setProperty("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
        p.setProperty("offsets.topic.segment.bytes", String.valueOf(16 * 1024 * 1024));
        p.setProperty("log.retention.hours", "24");
        p.setProperty("log.retention.check.interval.ms", "60000");
        p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "4");
        p.setProperty("num.recovery.threads.per.data.dir", "1");
        if (security != null) {
            p.putAll(security.brokerProperties(host, brokerPort, controllerPort));
        }
        return p;
    }

    /** {@code kafka-storage format --ignore-formatted}: writes meta.properties unless the directory has one. */
    private void formatLogDir(Properties props) {
        Path configFile = null;
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            Files.createDirectories(logDir);
            // owner-only: with --secure it holds the store and administrator passwords until it is deleted below
            configFile = Files.createTempFile("kafka-format-", ".properties", java.nio.file.attribute.PosixFilePermissions
                    .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(configFile)) {
                props.store(out, "embedded Kafka, for formatting the log directory");
            }
            List<String> format = new java.util.ArrayList<>(List.of("format", "-t", clusterId(), "-c", configFile.toString(), "--ignore-formatted"));
            if (security != null) {
                format.addAll(security.formatArguments());
            }
            String[] args = format.toArray(String[]::new);
            int exit = runStorageTool(args, output);
            LOG.debug("kafka-storage format: {}", output.toString(StandardCharsets.UTF_8).trim());
            if (exit != 0) {
                throw new IllegalStateException("cannot format Kafka log directory " + logDir + ": "
                        + output.toString(StandardCharsets.UTF_8).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka log directory " + logDir, e);
        } finally {
            deleteQuietly(configFile);
        }
    }

    /**
     * The id the directory was formatted with, or a new one: {@code --ignore-formatted} still refuses a
     * formatted directory whose cluster id differs from the one given.
     */
    private String clusterId() throws IOException {
        Path metaProperties = logDir.resolve("meta.properties");
        if (Files.exists(metaProperties)) {
            Properties meta = new Properties();
            try (var in = Files.newInputStream(metaProperties)) {
                meta.load(in);
            }
            String existing = meta.getProperty("cluster.id");
            if (existing != null && !existing.isBlank()) {
                return existing;
            }
        }
        return Uuid.randomUuid().toString();
    }

    private int runStorageTool(String[] args, ByteArrayOutputStream output) {
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            return StorageTool.execute(args, out);
        } catch (Exception e) {
            // Scala code: its TerseFailure is a checked exception that Java does not see declared.
            throw new IllegalStateException("cannot format Kafka log directory " + logDir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("cannot delete {}", file, e);
        }
    }
}
