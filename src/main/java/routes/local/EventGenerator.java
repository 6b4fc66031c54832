package routes.local;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes {@link SyntheticEvents} to a Kafka topic at a fixed rate from one background thread, the
 * way the apps do: one JSON document per message, the event key as message key.
 *
 * <p>Pacing is a token bucket refilled every {@value #TICK_MILLIS} ms: each tick sends what the rate
 * allows since the start, so the long-run rate is exact; after a stall (broker away, full buffer) at
 * most one second of backlog is made up, not the whole gap.
 */
public final class EventGenerator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventGenerator.class);
    private static final long TICK_MILLIS = 10;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final String bootstrapServers;
    private final Map<String, Object> clientSecurity;
    private final String topic;
    private final int eventsPerSecond;
    private final SyntheticEvents events;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    private Producer<byte[], byte[]> producer;
    private Thread thread;

    /**
     * @param bootstrapServers Kafka bootstrap servers, e.g. {@code 127.0.0.1:9092}
     * @param topic            topic to publish to (topic A)
     * @param eventsPerSecond  events per second; 0 means {@link #start()} does nothing
     * @param events           the event source; used only by the generator's thread from then on
     */
    public EventGenerator(String bootstrapServers, String topic, int eventsPerSecond, SyntheticEvents events) {
        this(bootstrapServers, Map.of(), topic, eventsPerSecond, events);
    }

    /** As above, with the producer's security properties (an app's principal on a secured broker). */
    public EventGenerator(String bootstrapServers, Map<String, Object> clientSecurity, String topic, int eventsPerSecond,
                          SyntheticEvents events) {
        if (eventsPerSecond < 0) {
            throw new IllegalArgumentException("eventsPerSecond must not be negative: " + eventsPerSecond);
        }
        this.bootstrapServers = bootstrapServers;
        this.clientSecurity = Map.copyOf(clientSecurity);
        this.topic = topic;
        this.eventsPerSecond = eventsPerSecond;
        this.events = events;
    }

    /** Starts producing in the background, unless the rate is 0; returns this. */
    public synchronized EventGenerator start() {
        if (eventsPerSecond == 0) {
            LOG.info("Event generator off (rate 0)");
            return this;
        }
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        producer = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
        thread = new Thread(this::produceUntilClosed, "event-generator");
        thread.setDaemon(true);
        thread.start();
        LOG.info("Event generator started: {} events/s to topic {} at {}", eventsPerSecond, topic, bootstrapServers);
        return this;
    }

    /** Events the broker has acknowledged so far. */
    public long produced() {
        return produced.get();
    }

    /** Events whose send failed (after the producer's own retries). */
    public long failed() {
        return failed.get();
    }

    /** Stops the thread, then flushes and closes the producer; waits at most about ten seconds. */
    @Override
    public synchronized void close() {
        if (!running.getAndSet(false)) {
            return;
        }
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(CLOSE_TIMEOUT);
        LOG.info("Event generator stopped: {} events produced, {} failed", produced(), failed());
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new java.util.HashMap<>(clientSecurity);
        config.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "event-generator",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                // A send blocked on metadata or a full buffer must not hold up close() for a minute.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000));
        return config;
    }

    private void produceUntilClosed() {
        long start = System.nanoTime();
        long issued = 0;
        while (running.get()) {
            long elapsed = System.nanoTime() - start;
            long due = (long) (elapsed / 1e9 * eventsPerSecond);
            issued = Math.max(issued, due - eventsPerSecond);
            while (issued < due && running.get()) {
                send();
                issued++;
            }
            long untilNextTick = TICK_NANOS - (System.nanoTime() - start) % TICK_NANOS;
            LockSupport.parkNanos(untilNextTick);
        }
    }

    private void send() {
        byte[] value = events.next();
        byte[] key = events.lastEventKey().getBytes(StandardCharsets.UTF_8);
        try {
            producer.send(new ProducerRecord<>(topic, key, value), this::onAcknowledged);
        } catch (RuntimeException e) {
            onAcknowledged(null, e);
        }
    }

    private void onAcknowledged(RecordMetadata metadata, Exception error) {
        if (error == null) {
            produced.incrementAndGet();
        } else if (failed.getAndIncrement() == 0) {
            // Only the first: a broker outage would otherwise log once per event.
            LOG.warn("Event generator could not publish to topic {}: {}", topic, error.toString());
        }
    }
}
