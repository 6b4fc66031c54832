package routes.batch;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import routes.contract.PipelineHeaders;
import routes.offsets.OffsetWatermarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Camel's aggregator with the batcher's completion triggers as routes.yaml declares them (completion predicate
 * {@link BatchIsFull}, completion timeout expression {@link BatchAgeDeadline}, a 10 ms checker), in memory: each
 * group completes at its own age deadline, whatever the other groups and its own later events do.
 */
class BatchAggregatorAgeTest {

    private static final Duration MAX_AGE = Duration.ofMillis(600);
    /** The checker's interval plus scheduling on a busy machine. */
    private static final long LATE_MS = 400;

    private record Completion(String key, long atMillis, int records, BatchCompletion by) {
    }

    private final CamelContext camel = new DefaultCamelContext();
    /** When the deadline was last computed: the moment the last group opened. */
    private final AtomicLong openedAt = new AtomicLong();
    private final BatchAgeDeadline deadline = new BatchAgeDeadline(MAX_AGE, () -> {
        openedAt.set(System.currentTimeMillis());
        return openedAt.get();
    });
    private final List<Completion> completions = new CopyOnWriteArrayList<>();
    private final AtomicLong offsets = new AtomicLong();
    private ProducerTemplate producer;

    @BeforeEach
    void start() throws Exception {
        EventBatchAggregation aggregation = new EventBatchAggregation(new BatchLimits(100_000, 1 << 24),
                new OffsetWatermarks("event-batcher"), new BatchMemoryBudget(1 << 24, 1));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:events")
                        .aggregate(header(PipelineHeaders.EVENT_KEY), aggregation)
                        .completionPredicate(new BatchIsFull())
                        .completionTimeout(deadline)
                        .completionTimeoutCheckerInterval(10)
                        .process(BatchAggregatorAgeTest.this::completed);
            }
        });
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    @Test
    void aGroupWithSteadyTrafficStillCompletesAtItsAgeDeadline() throws Exception {
        long opened = send("orders.created");
        long until = opened + 4 * MAX_AGE.toMillis();
        while (System.currentTimeMillis() < until) {
            send("orders.created"); // an event every 20 ms would keep an inactivity timeout from ever firing
            TimeUnit.MILLISECONDS.sleep(20);
        }

        assertThat(completions).as("batches completed while events kept arriving").hasSizeGreaterThanOrEqualTo(2);
        Completion first = completions.get(0);
        long due = deadline.dueAt("orders.created", opened);
        assertThat(first.by()).isEqualTo(BatchCompletion.AGE);
        assertThat(first.atMillis()).as("completed at its deadline, %d ms after its first event", due - opened)
                .isBetween(due, due + LATE_MS);
        assertThat(first.records()).isGreaterThan(1);
    }

    @Test
    void groupsOpenedAtDifferentTimesCompleteAtTheirOwnDeadlines() throws Exception {
        long openedA = send("orders.created");
        TimeUnit.MILLISECONDS.sleep(MAX_AGE.toMillis() / 3);
        long openedB = send("orders.paid");
        long dueA = deadline.dueAt("orders.created", openedA);
        long dueB = deadline.dueAt("orders.paid", openedB);

        await().atMost(Duration.ofSeconds(5)).until(() -> completions.size() == 2);
        Map<String, Completion> byKey = Map.of(completions.get(0).key(), completions.get(0),
                completions.get(1).key(), completions.get(1));
        assertThat(byKey.get("orders.created").atMillis()).isBetween(dueA, dueA + LATE_MS);
        assertThat(byKey.get("orders.paid").atMillis()).isBetween(dueB, dueB + LATE_MS);
        assertThat(byKey.values()).extracting(Completion::by).containsOnly(BatchCompletion.AGE);
    }

    /** Sends one accepted event of {@code eventKey}; returns when the last group was opened, in epoch ms. */
    private long send(String eventKey) {
        long offset = offsets.getAndIncrement();
        byte[] json = ("{\"event_key\":\"" + eventKey + "\"}").getBytes(StandardCharsets.UTF_8);
        producer.sendBodyAndHeaders("direct:events",
                new AdmissionVerdict.Accepted(eventKey, "id-" + offset, Instant.EPOCH, json, false),
                Map.of(PipelineHeaders.EVENT_KEY, eventKey, KafkaConstants.TOPIC, "events",
                        KafkaConstants.PARTITION, 0, KafkaConstants.OFFSET, offset));
        return openedAt.get();
    }

    private void completed(Exchange exchange) {
        EventBatch batch = exchange.getMessage().getBody(EventBatch.class);
        completions.add(new Completion(batch.eventKey(), System.currentTimeMillis(), batch.recordCount(),
                BatchCompletion.of(exchange.getProperty(Exchange.AGGREGATED_COMPLETED_BY, String.class), batch)));
    }
}
