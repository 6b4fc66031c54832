package routes.bench;

import org.apache.camel.processor.aggregate.AggregateProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.PipelineRuntime;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.monitor.PipelineMetrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The pipeline itself, as {@link PipelineRuntime}s in this JVM: batcher alone, loader alone, both, and the
 * batcher with several instances in one consumer group. Each run is timed from the first event consumed
 * (the loader alone: from its start) to the moment every event is durable (batcher: in S3 and announced;
 * loader: a committed row). When every event has been consumed, or the phase bound stops the wait for that,
 * the open batches are completed at once, so the figure is not padded by the last batch-age wait and a
 * phase cut short by its bound still counts the events it consumed once they are through (given half a
 * bound more for that); the loader needs no such help: its loads start as soon as the previous one of the table ends.
 */
final class PipelinePhases {

    private static final Logger LOG = LoggerFactory.getLogger(PipelinePhases.class);

    /** What a phase runs and when it is done. */
    record Spec(String group, String name, String phase, String eventsTopic, String batchesPhase, int instances,
                boolean batcher, boolean loader, long events, long rows, double bytesPerEvent, Duration bound) {
    }

    /** The figures plus what the batcher wrote (for the S3 baseline and the loader phase) and the loads committed. */
    record Outcome(StageResult result, long acceptedEvents, long objects, long loads, PipelineSettings settings) {
    }

    private final BenchEnvironment env;

    PipelinePhases(BenchEnvironment env) {
        this.env = env;
    }

    Outcome run(Spec spec) throws Exception {
        List<PipelineRuntime> runtimes = new ArrayList<>();
        PipelineSettings settings = null;
        long deadline = System.nanoTime() + spec.bound().toNanos();
        ResourceSampler sampler = null;
        long start;
        long done;
        boolean cutShort = false;
        try {
            for (int i = 0; i < spec.instances(); i++) {
                settings = env.phase(spec.phase(), spec.eventsTopic(), spec.batchesPhase(), i)
                        .set(Setting.ROLE_BATCHER, Boolean.toString(spec.batcher()))
                        .set(Setting.ROLE_LOADER, Boolean.toString(spec.loader()))
                        .build();
                runtimes.add(PipelineRuntime.start(settings));
            }
            // A deployed role starts once and then runs for days: the phase's CPU per event is what it costs once
            // running, so the runtimes' start (contexts, routes, group joins: ~3.5 s of CPU) is not charged to it.
            sampler = ResourceSampler.start();
            start = System.nanoTime();
            // Rows to wait for: the loader alone loads what the batcher phase wrote; end to end, what its own batcher
            // accepted (spec.rows() is only an upper bound there: the batcher phase's count may be partial).
            double rows = spec.rows();
            if (spec.batcher()) {
                await(() -> sum(runtimes, PipelineMetrics.EVENTS_CONSUMED) > 0, deadline);
                start = System.nanoTime();
                await(() -> sum(runtimes, PipelineMetrics.EVENTS_CONSUMED) >= spec.events(), deadline);
                // Everything consumed so far is written now, also when the bound cut consumption short, so the
                // figure is what went all the way through, not how much sat in open groups at the bound.
                double consumed = sum(runtimes, PipelineMetrics.EVENTS_CONSUMED);
                cutShort = consumed < spec.events();
                runtimes.forEach(PipelinePhases::completeOpenBatches);
                if (cutShort) {
                    deadline = System.nanoTime() + drainAllowance();
                }
                long drainBy = deadline;
                await(() -> settled(runtimes) >= consumed, drainBy);
                rows = Math.min(rows, sum(runtimes, PipelineMetrics.BATCH_RECORDS));
            }
            if (spec.loader()) {
                double target = rows;
                long drainBy = deadline;
                await(() -> sum(runtimes, PipelineMetrics.ROWS_INSERTED) >= target, drainBy);
            }
            done = System.nanoTime();
        } catch (Exception e) {
            runtimes.forEach(PipelineRuntime::close);
            if (sampler != null) {
                sampler.close();
            }
            throw e;
        }
        ResourceSampler.Sample sample = sampler.stop();
        // End to end counts what reached the table, like the loader; the batcher alone counts settled events.
        long events = spec.loader() ? (long) sum(runtimes, PipelineMetrics.ROWS_INSERTED) : (long) settled(runtimes);
        long accepted = (long) sum(runtimes, PipelineMetrics.BATCH_RECORDS);
        long objects = (long) sum(runtimes, PipelineMetrics.BATCHES_WRITTEN);
        long loads = (long) sum(runtimes, PipelineMetrics.LOADS);
        runtimes.forEach(PipelineRuntime::close);
        String note = spec.batcher() && spec.loader() ? "topic A → S3 → topic B → table, rows committed"
                : spec.batcher() ? String.format("topic A → S3 + topic B, %,d objects", objects)
                : "topic B → table, rows committed";
        if (spec.instances() > 1 || spec.group().equals("scaling")) {
            note = spec.instances() + " in-process PipelineRuntime(s), one group; " + note;
        }
        if (cutShort || done >= deadline) {
            note = "TIMED OUT, partial; " + note;
            LOG.warn("bench phase {} hit its bound of {} s", spec.name(), spec.bound().toSeconds());
        }
        StageResult result = StageResult.of(spec.group(), spec.name(), events, Math.round(events * spec.bytesPerEvent()),
                (done - start) / 1e9, sample, note);
        return new Outcome(result, accepted, objects, loads, settings);
    }

    /** After a bound cut consumption short: time for what was consumed to be written, announced and loaded. */
    private long drainAllowance() {
        return env.plan().phaseTimeout().toNanos() / 2;
    }

    /** Events fully handled by the batcher: written and announced, dropped by a rule, or dead-lettered. */
    private static double settled(List<PipelineRuntime> runtimes) {
        return sum(runtimes, PipelineMetrics.BATCH_RECORDS) + sum(runtimes, PipelineMetrics.EVENTS_DROPPED)
                + sum(runtimes, PipelineMetrics.EVENTS_DEAD_LETTERED);
    }

    static double sum(List<PipelineRuntime> runtimes, String counter) {
        return runtimes.stream().mapToDouble(r -> r.beans().metrics().total(counter)).sum();
    }

    static void completeOpenBatches(PipelineRuntime runtime) {
        AggregateProcessor batches = runtime.camelContext().getProcessor("batch-aggregator", AggregateProcessor.class);
        if (batches != null) {
            batches.forceCompletionOfAllGroups();
        }
    }

    /** Polls every 20 ms until the condition holds or the deadline passes (then returns quietly). */
    static void await(BooleanSupplier condition, long deadlineNanos) throws InterruptedException {
        while (!condition.getAsBoolean() && System.nanoTime() < deadlineNanos) {
            Thread.sleep(20);
        }
    }
}
