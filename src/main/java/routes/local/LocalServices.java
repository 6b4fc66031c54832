package routes.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import routes.config.Setting;

/**
 * Kafka, the S3 server and PostgreSQL for {@code local} mode, started together and closed in reverse
 * order. Ports are checked first so a clash names the property that moves it. The three start on
 * their own threads: they share nothing, and PostgreSQL runs as a separate process anyway.
 */
public final class LocalServices implements AutoCloseable {

    public static final String KAFKA_PORT_PROPERTY = Setting.LOCAL_KAFKA_PORT;
    public static final String CONTROLLER_PORT_PROPERTY = Setting.LOCAL_KAFKA_CONTROLLER_PORT;
    public static final String S3_PORT_PROPERTY = Setting.LOCAL_S3_PORT;
    public static final String POSTGRES_PORT_PROPERTY = Setting.LOCAL_POSTGRES_PORT;

    private static final Logger LOG = LoggerFactory.getLogger(LocalServices.class);

    private final LocalServicesSettings settings;
    private final EmbeddedKafka kafka;
    private final EmbeddedS3 s3;
    private final EmbeddedWarehouse warehouse;

    public LocalServices(LocalServicesSettings settings) {
        this(settings, null);
    }

    /** With {@code kafkaSecurity} (not null) Kafka runs secured ({@link LocalKafkaSecurity}), in its own log directory. */
    public LocalServices(LocalServicesSettings settings, LocalKafkaSecurity kafkaSecurity) {
        this.settings = settings;
        this.kafka = new EmbeddedKafka(settings.host(), settings.kafkaPort(), settings.controllerPort(),
                kafkaSecurity == null ? settings.kafkaDir() : settings.dataDir().resolve("kafka-secure"), kafkaSecurity);
        this.s3 = new EmbeddedS3(settings.host(), settings.s3Port(), settings.s3Dir(), settings.bucket(),
                settings.s3AccessKey(), settings.s3SecretKey(), kafkaSecurity == null ? null : kafkaSecurity.certificates());
        // secured: the S3 server and PostgreSQL present the same generated server certificate as Kafka
        this.warehouse = new EmbeddedWarehouse(settings.host(), settings.postgresPort(), settings.postgresDir(),
                settings.dbUser(), settings.dbPassword(), settings.dbName(),
                kafkaSecurity == null ? null : kafkaSecurity.certificates());
    }

    /**
     * Checks the ports, then starts the three services; if one fails, those already up are closed and
     * the first failure is thrown.
     */
    public void start() throws Exception {
        String host = settings.host();
        PortGuard.requireFree(host, settings.kafkaPort(), KAFKA_PORT_PROPERTY);
        PortGuard.requireFree(host, settings.controllerPort(), CONTROLLER_PORT_PROPERTY);
        PortGuard.requireFree(host, settings.s3Port(), S3_PORT_PROPERTY);
        PortGuard.requireFree(host, settings.postgresPort(), POSTGRES_PORT_PROPERTY);

        EmbeddedS3.useCompatibleSdkChecksumDefaults();

        ExecutorService starter = Executors.newFixedThreadPool(3, r -> new Thread(r, "local-services-start"));
        try {
            List<Future<?>> started = List.of(
                    starter.submit(timed("Kafka", kafka.bootstrapServers(), () -> {
                        kafka.start();
                        kafka.createTopics(settings.topics());
                        return null;
                    })),
                    starter.submit(timed("S3 server", s3.endpoint() + " bucket " + settings.bucket(), () -> {
                        s3.start();
                        return null;
                    })),
                    starter.submit(timed("PostgreSQL", warehouse.jdbcUrl(), () -> {
                        warehouse.start();
                        return null;
                    })));
            awaitAll(started);
        } finally {
            starter.shutdown();
        }
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    /** The PostgreSQL service, which can be stopped and started again (outage tests). */
    public EmbeddedWarehouse warehouse() {
        return warehouse;
    }

    /** The S3 server, which can be stopped and started again on the same port and base directory (outage tests). */
    public EmbeddedS3 s3() {
        return s3;
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String s3Endpoint() {
        return s3.endpoint();
    }

    public String jdbcUrl() {
        return warehouse.jdbcUrl();
    }

    /** Closes PostgreSQL, the S3 server and Kafka, in that order, even if one of them fails to close. */
    @Override
    public void close() throws Exception {
        long begin = System.nanoTime();
        List<AutoCloseable> reverse = List.of(warehouse, s3, kafka);
        Exception failure = null;
        for (AutoCloseable service : reverse) {
            try {
                service.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        LOG.info("Local services stopped in {} ms", elapsedMs(begin));
        if (failure != null) {
            throw failure;
        }
    }

    private static Callable<Void> timed(String service, String address, Callable<Void> start) {
        return () -> {
            long begin = System.nanoTime();
            start.call();
            LOG.info("{} up at {} in {} ms", service, address, elapsedMs(begin));
            return null;
        };
    }

    private void awaitAll(List<Future<?>> started) throws Exception {
        Exception failure = null;
        for (Future<?> future : started) {
            try {
                future.get();
            } catch (ExecutionException e) {
                Exception cause = e.getCause() instanceof Exception ex ? ex : e;
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            try {
                close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
            throw failure;
        }
    }

    private static long elapsedMs(long beginNanos) {
        return (System.nanoTime() - beginNanos) / 1_000_000;
    }
}
