package routes.chaos;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import routes.testing.EmbeddedServices;
import routes.testing.TestEvents;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends {@link TestEvents} {@code 0..count-1} to a topic on its own thread, spread evenly over a duration,
 * like apps that keep publishing while instances die. The producer is idempotent with acks=all and retries
 * through broker restarts, so every event is on the topic exactly once when {@link #awaitSent} returns.
 */
final class PacedEventProducer implements AutoCloseable {

    private static final int CHUNK = 500;

    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final Thread thread;
    private volatile boolean closed;

    PacedEventProducer(String topic, int count, int keys, Duration over) {
        this(topic, count, keys, over, false);
    }

    /**
     * @param keyedByEventKey records keyed by their event key (one partition per key), as apps that key do; otherwise
     *                        unkeyed (CONTRACT.md allows both), so each key's events spread over every partition
     */
    PacedEventProducer(String topic, int count, int keys, Duration over, boolean keyedByEventKey) {
        this.thread = new Thread(() -> run(topic, count, keys, over, keyedByEventKey), "chaos-producer");
        thread.setDaemon(true);
    }

    PacedEventProducer start() {
        thread.start();
        return this;
    }

    int sent() {
        return sent.get();
    }

    /** True once every event is acknowledged; throws what stopped the producer if it failed. */
    boolean isDone() throws Exception {
        if (done.isCompletedExceptionally()) {
            done.get();
        }
        return done.isDone();
    }

    void awaitSent(Duration timeout) throws Exception {
        done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run(String topic, int count, int keys, Duration over, boolean keyedByEventKey) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedServices.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        long start = System.nanoTime();
        long nanosPerEvent = over.toNanos() / Math.max(1, count);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < count && !closed; i++) {
                byte[] key = keyedByEventKey ? TestEvents.key(i, keys).getBytes(java.nio.charset.StandardCharsets.UTF_8) : null;
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, key, TestEvents.event(i, keys)), (m, e) -> {
                    if (e != null) {
                        done.completeExceptionally(e);
                    } else {
                        sent.incrementAndGet();
                    }
                });
                if (i % CHUNK == CHUNK - 1) {
                    long ahead = start + (i + 1) * nanosPerEvent - System.nanoTime();
                    if (ahead > 0) {
                        TimeUnit.NANOSECONDS.sleep(ahead); // pacing, not waiting for an outcome
                    }
                }
            }
            producer.flush();
            done.complete(null);
        } catch (Throwable e) {
            done.completeExceptionally(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.join(30_000);
    }
}
