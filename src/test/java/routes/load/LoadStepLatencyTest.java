package routes.load;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import routes.contract.BatchNotification;
import routes.monitor.LoadHistory;
import routes.monitor.PipelineMetrics;
import routes.monitor.TablePauses;
import routes.offsets.OffsetWatermarks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What the loader records after a cycle committed: the pipeline's own latency beside the apps' view. */
class LoadStepLatencyTest {

    private static final Instant COMMITTED = Instant.parse("2026-12-07T11:00:00Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Clock clock = Clock.fixed(COMMITTED, ZoneOffset.UTC);
    private final LoadStep step = new LoadStep(LoadSettings.defaults(), new PipelineMetrics(registry), new LoadHistory(),
            new TablePauses(clock), clock);

    @Test
    void aBatchCommittedNowIsMeasuredFromItsFirstArrivalAndOnesTheLedgerHeldOrWithoutArrivalTimesAreNot() {
        Exchange exchange = cycleOf(
                notification("b-new", "2026-12-07T10:59:50Z", "2026-12-07T10:59:55Z"),
                notification("b-in-ledger", "2026-12-07T09:00:00Z", "2026-12-07T09:00:01Z"),
                notification("b-replayed", null, null));
        LoadPlan plan = exchange.getProperty(LoadStatements.PLAN, LoadPlan.class);
        LoadAttempt attempt = plan.attempt();
        attempt.skip(Set.of("b-in-ledger"));
        attempt.staged(new WarehouseDialect.Staged(attempt.todo(), Map.of(), List.of(), attempt.todo().size(), 0));
        plan.committed(attempt);

        step.finish(exchange);

        DistributionSummary pipeline = registry.find(PipelineMetrics.PIPELINE_LATENCY).tag("table", "public.events").summary();
        assertThat(pipeline.count()).as("only b-new").isEqualTo(1);
        assertThat(pipeline.max()).as("seconds from its first arrival to the commit").isCloseTo(10.0, within(0.001));
        DistributionSummary apps = registry.find(PipelineMetrics.END_TO_END_LATENCY).tag("table", "public.events").summary();
        assertThat(apps.count()).as("the apps' view, unchanged: every batch that did not fail").isEqualTo(3);
        assertThat(apps.max()).isCloseTo(Duration.ofDays(14).toSeconds(), within(1.0));
    }

    private Exchange cycleOf(BatchNotification... notifications) {
        LoadCycle cycle = new LoadCycle("public.events", new LoadCycle.LoadLimits(64, 1L << 30), new OffsetWatermarks("event-loader"));
        long offset = 0;
        for (BatchNotification n : notifications) {
            cycle.add(new LoadCycle.Entry(n, new byte[0], "event-batches", 0, offset++));
        }
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(cycle);
        step.plan(exchange);
        return exchange;
    }

    /** Events that occurred two weeks before the commit, with the given arrival bounds. */
    private static BatchNotification notification(String id, String minArrived, String maxArrived) {
        String occurred = COMMITTED.minus(Duration.ofDays(14)).toString();
        return new BatchNotification(id, "payroll.run", "public.events", "event-logs", "events/" + id + ".ndjson.gz",
                1, 10, "0".repeat(64), occurred, occurred, List.of(), COMMITTED.toString(), minArrived, maxArrived);
    }
}
