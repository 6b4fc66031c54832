package routes.batch;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import routes.offsets.OffsetWatermarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The age rule alone, on a fixed clock: when an open batch is due. */
class BatchAgeDeadlineTest {

    private static final long MAX_AGE = 20_000;
    private static final long T0 = 1_764_633_600_000L; // an epoch ms with nothing special about it

    private final AtomicLong now = new AtomicLong(T0);
    private final BatchAgeDeadline deadline = new BatchAgeDeadline(Duration.ofMillis(MAX_AGE), now::get);
    private final CamelContext camel = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    @Test
    void noBatchIsDueLaterThanMaxAgeAfterItsFirstEventNorSoonerThanHalfOfIt() {
        for (int key = 0; key < 1_000; key++) {
            for (long opened = T0; opened < T0 + 2 * MAX_AGE; opened += 997) {
                long due = deadline.dueAt("key." + key, opened);
                assertThat(due - opened).as("age of key.%d's batch opened at +%d ms", key, opened - T0)
                        .isGreaterThan(MAX_AGE / 2).isLessThanOrEqualTo(MAX_AGE);
            }
        }
    }

    @Test
    void aKeyWithSteadyTrafficWritesABatchEveryMaxAgeFromItsSecondBatchOn() {
        long due = deadline.dueAt("orders.created", T0);
        for (int batch = 2; batch <= 10; batch++) {
            long reopened = due + 40; // the next event arrives 40 ms after the batch was completed
            long next = deadline.dueAt("orders.created", reopened);
            assertThat(next - due).as("batch %d is due max-age after the one before", batch).isEqualTo(MAX_AGE);
            due = next;
        }
    }

    @Test
    void batchesOfKeysOpenedTogetherAreDueSpreadOverTheWindowNotAtOneMoment() {
        int keys = 1_000;
        int[] perTenth = new int[10];
        for (int key = 0; key < keys; key++) {
            long age = deadline.dueAt("key." + key, T0) - T0;
            perTenth[(int) ((age - MAX_AGE / 2 - 1) * 10 / (MAX_AGE / 2))]++;
        }
        // over the last half of the window, each tenth of it gets about a tenth of the keys
        for (int tenth = 0; tenth < 10; tenth++) {
            assertThat(perTenth[tenth]).as("keys due in tenth %d of the window's second half", tenth)
                    .isBetween(keys / 10 / 2, keys / 10 * 2);
        }
    }

    @Test
    void batchesOpenedAtDifferentTimesAreDueAtDifferentTimes() {
        long first = deadline.dueAt("orders.created", T0);
        long later = deadline.dueAt("orders.created", T0 + MAX_AGE / 2);

        assertThat(later - first).isEqualTo(MAX_AGE / 2);
        assertThat(deadline.dueAt("orders.paid", T0)).as("another key, opened at the same moment")
                .isNotEqualTo(deadline.dueAt("orders.created", T0));
    }

    @Test
    void theEventThatOpensAGroupSetsItsDeadlineAndEventsJoiningItLeaveIt() {
        EventBatchAggregation aggregation = new EventBatchAggregation(new BatchLimits(100, 1 << 20),
                new OffsetWatermarks("event-batcher"), new BatchMemoryBudget(1 << 20, 1));
        Exchange opening = event(0);
        Exchange group = aggregation.aggregate(null, opening);
        Exchange joining = event(1);
        aggregation.aggregate(group, joining);

        assertThat(deadline.evaluate(opening, Long.class)).as("ms until the group is due")
                .isEqualTo(deadline.dueAt("orders.created", T0) - T0);
        assertThat(deadline.evaluate(joining, Long.class)).as("a joining event leaves the deadline").isNull();
    }

    @Test
    void aMaxAgeOfOneMillisecondHasNoTicksToRoundTo() {
        BatchAgeDeadline shortest = new BatchAgeDeadline(Duration.ofMillis(1), now::get);

        assertThat(shortest.dueAt("orders.created", T0)).isEqualTo(T0 + 1);
    }

    private Exchange event(long offset) {
        Exchange exchange = new DefaultExchange(camel);
        byte[] json = "{\"event_key\":\"orders.created\"}".getBytes(StandardCharsets.UTF_8);
        exchange.getMessage().setBody(new AdmissionVerdict.Accepted("orders.created", "id-" + offset, Instant.EPOCH, json, false));
        exchange.getMessage().setHeader(KafkaConstants.TOPIC, "events");
        exchange.getMessage().setHeader(KafkaConstants.PARTITION, 0);
        exchange.getMessage().setHeader(KafkaConstants.OFFSET, offset);
        return exchange;
    }
}
