package routes.load;

import org.junit.jupiter.api.Test;
import routes.contract.BatchNotification;
import routes.monitor.TablePauses;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule for conviction (docs/redshift.md §4.3), driven the way routes.yaml's load-retries drives the plan: a batch
 * is reported failed only for its content, or when it fails alone while other loads of its cycle or table commit;
 * otherwise the table pauses and nothing is reported failed.
 */
class LoadPlanTest {

    private static final int ISOLATE_AFTER = 3;
    private static final FailureClass UNKNOWN = new FailureClass(FailureClass.Kind.UNKNOWN, "unknown", "P0001");
    private static final FailureClass TIMEOUT = new FailureClass(FailureClass.Kind.UNKNOWN, FailureClass.TIMEOUT, "57014");
    private static final FailureClass CONTENT = new FailureClass(FailureClass.Kind.CONTENT, "data_exception", "22P02");
    private static final FailureClass PRIVILEGE = new FailureClass(FailureClass.Kind.ENVIRONMENT, "privilege", "42501");

    private final MutableClock clock = new MutableClock();
    private final TablePauses pauses = new TablePauses(clock);

    @Test
    void aBatchFailingAloneWhileTheRestOfItsCycleCommitsIsConvicted() {
        LoadPlan plan = plan("a", "b", "c", "d");

        Run run = drive(plan, failing(Set.of("a"), UNKNOWN));

        assertThat(run.paused).isFalse();
        assertThat(failedIds(plan)).containsExactly("a");
        assertThat(run.committed).containsExactlyInAnyOrder("b", "c", "d");
    }

    @Test
    void everyPartFailingTheSameUnknownWayPausesTheTableAndConvictsNothing() {
        LoadPlan plan = plan("a", "b", "c", "d");

        Run run = drive(plan, batches -> UNKNOWN);

        assertThat(run.paused).as("the table pauses on the cycle's first suspect").isTrue();
        assertThat(failedIds(plan)).isEmpty();
        assertThat(plan.hasPart()).isTrue();
        assertThat(run.committed).isEmpty();
    }

    @Test
    void aPausedSuspectIsConvictedOnceAnotherLoadOfItsTableCommits() {
        LoadPlan plan = plan("alone");
        Run first = drive(plan, batches -> UNKNOWN);
        assertThat(first.paused).isTrue();
        assertThat(failedIds(plan)).isEmpty();

        clock.advance(Duration.ofSeconds(5));
        pauses.committed("public.events", true); // another cycle of the table loaded something meanwhile
        clock.advance(Duration.ofSeconds(5));

        assertThat(plan.pauses(UNKNOWN)).as("the comparison now says the batch is at fault").isFalse();
        Run second = drive(plan, batches -> UNKNOWN);
        assertThat(second.paused).isFalse();
        assertThat(failedIds(plan)).containsExactly("alone");
    }

    @Test
    void aPausedSuspectLoadsWhenTheCauseIsGone() {
        LoadPlan plan = plan("a", "b");
        assertThat(drive(plan, batches -> UNKNOWN).paused).isTrue();

        Run after = drive(plan, batches -> null);

        assertThat(after.committed).containsExactlyInAnyOrder("a", "b");
        assertThat(failedIds(plan)).isEmpty();
        assertThat(plan.hasPart()).isFalse();
    }

    @Test
    void anEnvironmentFailurePausesWhateverThePartAndIsNeverCounted() {
        LoadPlan plan = plan("a", "b", "c");

        assertThat(plan.pauses(PRIVILEGE)).isTrue();
        assertThat(plan.pauses(UNKNOWN)).isFalse();
        assertThat(plan.pauses(CONTENT)).isFalse();
        Run run = drive(plan, batches -> PRIVILEGE);
        assertThat(run.paused).isTrue();
        assertThat(run.attempts).as("the whole cycle, never split").allSatisfy(a -> assertThat(a).hasSize(3));
        assertThat(failedIds(plan)).isEmpty();
    }

    @Test
    void aContentErrorConvictsItsSingleBatchAtOnceAndSplitsALargerPartAtOnce() {
        LoadPlan plan = plan("a", "b");

        Run run = drive(plan, failing(Set.of("a"), CONTENT));

        assertThat(failedIds(plan)).containsExactly("a");
        assertThat(run.committed).containsExactly("b");
        assertThat(run.attempts).as("[a,b] once, [a] once, [b]").hasSize(3);
    }

    @Test
    void aStatementTimeoutStillSplitsAPartOfSeveralBatchesAtOnce() {
        LoadPlan plan = plan("a", "b", "c", "d");

        Run run = drive(plan, batches -> batches.size() > 2 ? TIMEOUT : null);

        assertThat(failedIds(plan)).isEmpty();
        assertThat(run.committed).containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(run.attempts).hasSize(3);
    }

    @Test
    void theReportNamesTheBatchesWhoseRowsTheCycleCommittedNotThoseTheLedgerAlreadyHeld() {
        LoadPlan plan = plan("b1", "b2", "b3", "b1");
        LoadAttempt attempt = plan.attempt();
        attempt.skip(Set.of("b2"));
        attempt.staged(new WarehouseDialect.Staged(attempt.todo(), Map.of(), List.of(), attempt.todo().size(), 0));
        plan.committed(attempt);

        assertThat(plan.report().loadedBatchIds()).containsExactlyInAnyOrder("b1", "b3");
        assertThat(plan.report().batchesAlreadyLoaded()).as("b2 in the ledger, b1 twice in the cycle").isEqualTo(2);
    }

    // ---- the route's loop, as routes.yaml's load-retries runs it --------------------------------------------------

    /** What one drive of the plan did; it stops when the plan is done or retries a pause for the third time. */
    private static final class Run {
        final List<List<String>> attempts = new ArrayList<>();
        final List<String> committed = new ArrayList<>();
        boolean paused;
    }

    private Run drive(LoadPlan plan, Function<List<BatchNotification>, FailureClass> outcome) {
        Run run = new Run();
        int pausedRetries = 0;
        while (plan.hasPart() && run.attempts.size() < 200) {
            LoadAttempt attempt = plan.attempt();
            run.attempts.add(attempt.batches().stream().map(BatchNotification::batchId).toList());
            FailureClass failure = outcome.apply(attempt.batches());
            if (failure == null) {
                attempt.skip(Set.of());
                attempt.staged(new WarehouseDialect.Staged(attempt.todo(), Map.of(), List.of(), attempt.todo().size(), 0));
                plan.committed(attempt);
                attempt.todo().forEach(b -> run.committed.add(b.batchId()));
                continue;
            }
            if (plan.pauses(failure)) {
                run.paused = true;
                if (++pausedRetries == 3) {
                    return run;
                }
                continue;
            }
            if (!plan.retry(failure)) {
                plan.isolate(new SQLException("failed", failure.sqlState()), failure);
            }
        }
        return run;
    }

    private static Function<List<BatchNotification>, FailureClass> failing(Set<String> bad, FailureClass why) {
        return batches -> batches.stream().anyMatch(b -> bad.contains(b.batchId())) ? why : null;
    }

    private LoadPlan plan(String... ids) {
        List<BatchNotification> batches = new ArrayList<>();
        for (String id : ids) {
            batches.add(new BatchNotification(id, "payroll.run", "public.events", "event-logs", "events/" + id + ".ndjson.gz",
                    1, 10, "0".repeat(64), "2026-12-01T00:00:00Z", "2026-12-01T00:00:00Z", List.of(), "2026-12-01T00:00:00Z"));
        }
        return new LoadPlan("public.events", batches, ISOLATE_AFTER, pauses);
    }

    private static List<String> failedIds(LoadPlan plan) {
        return plan.report().failed().stream().map(f -> f.batch().batchId()).toList();
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-07T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
