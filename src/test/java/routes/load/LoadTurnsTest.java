package routes.load;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.aggregate.AggregateController;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import routes.contract.BatchNotification;
import routes.offsets.OffsetWatermarks;
import routes.testing.RecordingThreadPools;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Group commit's rule alone: a table's cycle starts at once when the table is idle, waits while a load of it is in
 * flight or resting, and the end of that load completes the table's waiting group; the aggregator is a recording fake.
 */
class LoadTurnsTest {

    private static final String TABLE = "public.events";
    private static final String OTHER_TABLE = "public.other_events";

    private final CamelContext camel = new DefaultCamelContext();
    private final OffsetWatermarks watermarks = new OffsetWatermarks("event-loader");
    private final RecordingAggregator aggregator = new RecordingAggregator();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private LoadTurns turns = new LoadTurns(aggregator, Duration.ZERO, stopping::get);

    @AfterEach
    void close() throws Exception {
        turns.close();
        camel.close();
    }

    @Test
    void aNotificationForAnIdleTableCompletesItsCycleAtOnce() {
        assertThat(new LoadCycleIsDue(turns).matches(group(cycle(TABLE, 1)))).isTrue();
    }

    @Test
    void aCycleWaitsWhileALoadOfItsTableIsInFlightAndOtherTablesDoNot() {
        start(cycle(TABLE, 1), "predicate");

        LoadCycleIsDue due = new LoadCycleIsDue(turns);
        assertThat(due.matches(group(cycle(TABLE, 1)))).as("a load of the table is in flight").isFalse();
        assertThat(due.matches(group(cycle(OTHER_TABLE, 1)))).as("another table is idle").isTrue();
        assertThat(aggregator.forced).isEmpty();
    }

    @Test
    void aFullCycleStartsEvenWhileALoadOfItsTableIsInFlight() {
        start(cycle(TABLE, 1), "predicate");

        assertThat(new LoadCycleIsDue(turns).matches(group(cycle(TABLE, 3)))).as("3 is max-batches").isTrue();
    }

    @Test
    void theEndOfALoadCompletesItsTablesWaitingGroupAtOnce() {
        Exchange load = start(cycle(TABLE, 1), "predicate");

        done(load, s -> s.onComplete(load));

        assertThat(aggregator.forced).containsExactly(TABLE);
        assertThat(turns.idle(TABLE)).isTrue();
    }

    @Test
    void aFailedLoadEndsItsTurnToo() {
        Exchange load = start(cycle(TABLE, 1), "predicate");

        done(load, s -> s.onFailure(load));

        assertThat(aggregator.forced).containsExactly(TABLE);
        assertThat(turns.idle(TABLE)).isTrue();
    }

    @Test
    void withTwoLoadsOfATableInFlightOnlyTheLastOneOutCompletesTheGroup() {
        Exchange first = start(cycle(TABLE, 1), "predicate");
        Exchange full = start(cycle(TABLE, 3), "predicate");

        done(first, s -> s.onComplete(first));
        assertThat(aggregator.forced).isEmpty();
        assertThat(turns.idle(TABLE)).isFalse();

        done(full, s -> s.onComplete(full));
        assertThat(aggregator.forced).containsExactly(TABLE);
    }

    @Test
    void afterALoadItsTableRestsTheMinimumIntervalBeforeTheNextLoad() {
        turns = new LoadTurns(aggregator, Duration.ofMillis(300), stopping::get);
        Exchange load = start(cycle(TABLE, 1), "predicate");
        long ended = System.nanoTime();

        done(load, s -> s.onComplete(load));

        assertThat(turns.idle(TABLE)).as("resting").isFalse();
        assertThat(new LoadCycleIsDue(turns).matches(group(cycle(TABLE, 1)))).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> !aggregator.forced.isEmpty());
        assertThat(Duration.ofNanos(System.nanoTime() - ended)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(aggregator.forced).containsExactly(TABLE);
        assertThat(turns.idle(TABLE)).isTrue();
    }

    @Test
    void theRestTimerIsAThreadOfTheLoadsContextAndStopsWithIt() {
        RecordingThreadPools pools = RecordingThreadPools.installIn(camel);
        turns = new LoadTurns(aggregator, Duration.ofMillis(300), stopping::get);
        Exchange load = start(cycle(TABLE, 1), "predicate");

        done(load, s -> s.onComplete(load));

        assertThat(pools.names()).containsExactly("load-min-interval");
        camel.stop();
        assertThat(pools.pool("load-min-interval").isShutdown()).isTrue();
    }

    @Test
    void aStopCompletesTheGroupsItselfSoTheEndOfALoadForcesNothing() {
        Exchange load = start(cycle(TABLE, 1), "predicate");
        stopping.set(true);

        done(load, s -> s.onComplete(load));

        assertThat(aggregator.forced).isEmpty();
        assertThat(turns.idle(TABLE)).isTrue();
    }

    @Test
    void aLoadPoolAlreadyShutDownLeavesTheTableIdleAndTheLoadsEndQuiet() {
        aggregator.onForce = table -> {
            throw new RejectedExecutionException("loadPool is shut down");
        };
        Exchange load = start(cycle(TABLE, 1), "predicate");

        done(load, s -> s.onComplete(load));

        assertThat(aggregator.forced).containsExactly(TABLE);
        assertThat(turns.idle(TABLE)).isTrue();
    }

    @Test
    void theCycleTheEndOfALoadCompletesSaysItStartedByThePreviousCommit() {
        LoadCycle next = cycle(TABLE, 1);
        aggregator.onForce = table -> start(next, "force");
        Exchange load = start(cycle(TABLE, 1), "predicate");

        done(load, s -> s.onComplete(load));

        assertThat(next.startedBy()).isEqualTo(LoadStart.PREVIOUS_COMMIT);
        assertThat(turns.idle(TABLE)).as("the next load has the turn").isFalse();
    }

    @ParameterizedTest(name = "{0} of a cycle of {1}, stopping={2} -> {3}")
    @CsvSource({
            "predicate, 1, false, IDLE",
            "predicate, 3, false, FULL",
            "interval,  1, false, WINDOW",
            "force,     1, true,  STOP",
            "force,     1, false, FORCED",
            "strategy,  1, false, OTHER",
    })
    void aLoadSaysWhatStartedIt(String completedBy, int batches, boolean stop, LoadStart expected) {
        stopping.set(stop);
        LoadCycle cycle = cycle(TABLE, batches);

        start(cycle, completedBy);

        assertThat(cycle.startedBy()).isEqualTo(expected);
    }

    // ---- fixtures ---------------------------------------------------------------------------------

    private Exchange start(LoadCycle cycle, String completedBy) {
        Exchange exchange = group(cycle);
        exchange.setProperty(ExchangePropertyKey.AGGREGATED_COMPLETED_BY, completedBy);
        turns.started(cycle, exchange);
        return exchange;
    }

    /** The aggregated exchange is done: Camel runs its synchronizations (the unit of work ends). */
    private static void done(Exchange exchange, Consumer<Synchronization> outcome) {
        exchange.getExchangeExtension().handoverCompletions().forEach(outcome);
    }

    private Exchange group(LoadCycle cycle) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(cycle);
        return exchange;
    }

    private long offset;

    private LoadCycle cycle(String table, int batches) {
        LoadCycle cycle = new LoadCycle(table, new LoadCycle.LoadLimits(3, 1L << 30), watermarks);
        for (int i = 0; i < batches; i++) {
            String id = "b" + offset;
            BatchNotification n = new BatchNotification(id, "a.b", table, "event-logs",
                    "events/event_key=a.b/dt=2026-11-25/hour=10/" + id + ".ndjson.gz", 1, 10, "a".repeat(64),
                    "2026-11-25T10:00:00Z", "2026-11-25T10:00:00Z", List.of(), "2026-11-25T10:01:00Z");
            cycle.add(new LoadCycle.Entry(n, new byte[0], "event-batches", 0, offset++));
        }
        return cycle;
    }

    /** The load aggregator as LoadTurns sees it: which groups it was asked to complete. */
    private static final class RecordingAggregator implements AggregateController {
        final List<String> forced = new CopyOnWriteArrayList<>();
        Consumer<String> onForce = table -> { };

        @Override
        public void onStart(org.apache.camel.processor.aggregate.AggregateProcessor processor) {
        }

        @Override
        public void onStop(org.apache.camel.processor.aggregate.AggregateProcessor processor) {
        }

        @Override
        public int forceCompletionOfGroup(String key) {
            forced.add(key);
            onForce.accept(key);
            return 1;
        }

        @Override
        public int forceCompletionOfAllGroups() {
            return 0;
        }

        @Override
        public int forceDiscardingOfGroup(String key) {
            return 0;
        }

        @Override
        public int forceDiscardingOfAllGroups() {
            return 0;
        }
    }
}
