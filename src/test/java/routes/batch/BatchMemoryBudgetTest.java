package routes.batch;

import org.junit.jupiter.api.Test;
import routes.offsets.OffsetWatermarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The budget driven the way the route drives it (aggregate, then enforce), with a writer that frees a
 * completed batch a little later, as the writer pool does. What matters is the objects it makes.
 */
class BatchMemoryBudgetTest {

    private static final int KEYS = 10_000;
    private static final int EVENTS = 100_000;
    private static final byte[] LINE = "x".repeat(299).getBytes(StandardCharsets.UTF_8); // 300 bytes with its newline

    @Test
    void aBurstOverTenThousandKeysWritesObjectsOfManyEventsAndStaysWithinTheBudget() throws Exception {
        // The budget holds about 4 events per key: enough to batch, never enough to keep everything.
        Burst burst = new Burst(12L << 20, 1_000).run(i -> i % KEYS);
        // Completing the single largest batch at a time made 20,010 objects of 4.2 events here.
        assertThat(burst.averageRecords()).as("events per early object: " + burst).isGreaterThanOrEqualTo(5);
        assertThat(burst.peakBuffered).as("peak buffered bytes").isLessThanOrEqualTo((12L << 20) + 64 * 300);
    }

    @Test
    void hotKeysAmongTenThousandColdOnesStillMakeFullObjects() throws Exception {
        // Half the events on 10 hot keys, the rest spread over 10,000 cold ones.
        Burst burst = new Burst(12L << 20, 1_000).run(i -> i % 2 == 0 ? i % 10 : 10 + (i / 2) % KEYS);
        // Completing the single largest batch at a time made 20,010 objects of 4.2 events here.
        assertThat(burst.averageRecords()).as("events per early object: " + burst).isGreaterThanOrEqualTo(10);
        assertThat(burst.largest()).as("a hot key's object").isGreaterThanOrEqualTo(1_000);
    }

    @Test
    void fullerBatchesGoFirstWhenTheyFreeEnough() {
        BatchMemoryBudget budget = new BatchMemoryBudget(1L << 20, 3);
        OffsetWatermarks watermarks = new OffsetWatermarks("g");
        EventBatch oldSmall = batch(budget, watermarks, "a", 1, 0);
        EventBatch full = batch(budget, watermarks, "b", 5, 10);
        EventBatch youngSmall = batch(budget, watermarks, "c", 1, 20);
        assertThat(budget.cohort(5 * 300)).containsExactly(full);
        assertThat(budget.cohort(6 * 300)).containsExactly(full, oldSmall);
        assertThat(budget.cohort(100 * 300)).containsExactly(full, oldSmall, youngSmall);
    }

    private static EventBatch batch(BatchMemoryBudget budget, OffsetWatermarks watermarks, String key, int events, int offset) {
        EventBatch batch = new EventBatch(key, new BatchLimits(1_000_000, 1L << 30), watermarks);
        budget.opened(batch);
        for (int i = 0; i < events; i++) {
            batch.add(accepted(key, offset + i), "t", 0, offset + i, -1);
            budget.grew(LINE.length + 1);
        }
        return batch;
    }

    private static AdmissionVerdict.Accepted accepted(String key, int i) {
        return new AdmissionVerdict.Accepted(key, "ev-" + i, Instant.EPOCH, LINE, false);
    }

    /** The aggregator and writer pool in miniature: a completed batch is freed 50 events later. */
    private static final class Burst {
        final BatchMemoryBudget budget;
        final OffsetWatermarks watermarks = new OffsetWatermarks("g");
        final Map<String, EventBatch> groups = new HashMap<>();
        final Queue<EventBatch> writing = new ArrayDeque<>();
        final List<Integer> objects = new ArrayList<>();
        long peakBuffered;

        Burst(long budgetBytes, int minRecords) {
            budget = new BatchMemoryBudget(budgetBytes, minRecords);
        }

        /** The aggregator's force completion of one key, in miniature. */
        private void complete(String key) {
            EventBatch batch = groups.remove(key);
            if (batch != null) {
                objects.add(batch.recordCount());
                writing.add(batch);
            }
        }

        Burst run(IntUnaryOperator keyOf) throws InterruptedException {
            for (int i = 0; i < EVENTS; i++) {
                String key = "k" + keyOf.applyAsInt(i);
                EventBatch batch = groups.computeIfAbsent(key, k -> {
                    EventBatch opened = new EventBatch(k, new BatchLimits(1_000_000, 1L << 30), watermarks);
                    budget.opened(opened);
                    return opened;
                });
                batch.add(accepted(key, i), "t", 0, i, -1);
                budget.grew(LINE.length + 1);
                if (i % 50 == 0) {
                    while (!writing.isEmpty()) {
                        budget.released(writing.poll());
                    }
                }
                peakBuffered = Math.max(peakBuffered, budget.bufferedBytes());
                enforceOrDrain();
            }
            return this;
        }

        /** enforce() waits for writes while only they exceed the budget; here the writer is this thread. */
        private void enforceOrDrain() throws InterruptedException {
            while (budget.overBudget()) {
                if (!budget.completeCohort(this::complete)) {
                    budget.released(writing.remove());
                }
            }
        }

        @Override
        public String toString() {
            return "objects=" + objects.size() + " average=" + averageRecords() + " largest=" + largest() + " peak=" + peakBuffered;
        }

        double averageRecords() {
            return objects.stream().mapToInt(Integer::intValue).average().orElse(0);
        }

        int largest() {
            return objects.stream().mapToInt(Integer::intValue).max().orElse(0);
        }
    }
}
