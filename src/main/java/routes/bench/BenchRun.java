package routes.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.contract.SqlIdentifier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One bench run, in this order: produce (the raw produce baseline fills topic A), raw consume, raw
 * parse+sanitize and gzip, batcher alone, raw S3 put (the batcher's object sizes), loader alone (the
 * batcher's notifications), raw COPY, raw load (the loader's warehouse code on the same rows), end to end, the
 * scaling runs, latency mode, short-window latency mode.
 */
public final class BenchRun {

    private static final Logger LOG = LoggerFactory.getLogger(BenchRun.class);

    private final BenchPlan plan;
    private final Supplier<PipelineSettings.Builder> settings;

    public BenchRun(BenchPlan plan, Supplier<PipelineSettings.Builder> settings) {
        this.plan = plan;
        this.settings = settings;
    }

    public BenchReport run() throws Exception {
        long started = System.nanoTime();
        List<StageResult> stages = new ArrayList<>();
        LatencyResult latency;
        LatencyResult shortLatency;
        PerCoreFigures perCore;
        Map<String, String> setup = new LinkedHashMap<>();
        try (BenchEnvironment env = BenchEnvironment.start(plan, settings)) {
            PipelineSettings base = env.base().build();
            setup(setup, base);
            RawBaselines raw = new RawBaselines(env);
            PipelinePhases pipeline = new PipelinePhases(env);

            StageResult produce = step("kafka produce", stages, raw.produce(BenchEnvironment.EVENTS, plan.events(), "kafka produce"));
            long events = produce.events();
            double bytesPerEvent = events == 0 ? 0 : (double) produce.bytes() / events;
            raw.produce(BenchEnvironment.SCALING_EVENTS, plan.scalingEvents(), "scaling topic fill");
            raw.produce(BenchEnvironment.E2E_EVENTS, events, "end-to-end topic fill");
            StageResult consume = step("kafka consume", stages, raw.consume(BenchEnvironment.EVENTS, events));
            raw.admitAndGzip(base).forEach(r -> step(r.name(), stages, r));

            PipelinePhases.Outcome batcher = pipeline.run(new PipelinePhases.Spec("pipeline", "batcher", "batcher",
                    BenchEnvironment.EVENTS, "batcher", 1, true, false, events, 0, bytesPerEvent, plan.phaseTimeout()));
            step("batcher", stages, batcher.result());
            step("s3 put", stages, raw.s3Put(base, "bench/batcher/", batcher.acceptedEvents()));
            PipelinePhases.Outcome loader = pipeline.run(new PipelinePhases.Spec("pipeline", BenchReport.LOADER, "loader",
                    BenchEnvironment.EVENTS, "batcher", 1, false, true, 0, batcher.acceptedEvents(), bytesPerEvent,
                    plan.phaseTimeout()));
            step("loader", stages, loader.result());
            perCore = PerCoreFigures.of(batcher.result(), batcher.objects(), plan.keys(), consume, plan.partitions(),
                    loader.result(), loader.loads());
            step(BenchReport.RAW_POSTGRES_COPY, stages, raw.copy(base));
            // the loader's own warehouse code on the same rows, in objects of the batcher's mean size
            double eventsPerObject = batcher.objects() == 0 ? 0 : (double) batcher.acceptedEvents() / batcher.objects();
            step(BenchReport.RAW_POSTGRES_LOAD, stages, new RawPostgresLoad(plan, env.jdbcUrl(), BenchPlan.CHUNK)
                    .run(base, SqlIdentifier.of(BenchEnvironment.table("rawload")), eventsPerObject));
            step(BenchReport.END_TO_END, stages, pipeline.run(new PipelinePhases.Spec("pipeline", BenchReport.END_TO_END, "e2e",
                    BenchEnvironment.E2E_EVENTS, "e2e", 1, true, true, events, events, bytesPerEvent,
                    plan.endToEndTimeout())).result());
            for (int n : plan.instances()) {
                String name = "batcher x" + n;
                step(name, stages, pipeline.run(new PipelinePhases.Spec("scaling", name, "scale-" + n,
                        BenchEnvironment.SCALING_EVENTS, "scale-" + n, n, true, false, plan.scalingEvents(), 0, bytesPerEvent,
                        plan.phaseTimeout())).result());
            }
            LOG.info("bench: latency mode, {} events/s for {} s", plan.rate(), plan.latencySeconds());
            latency = new LatencyPhase(env, LatencyPhase.DEFAULT).run();
            LOG.info("bench: short-window latency mode, {} events/s for {} s, {}", plan.rate(), plan.latencySeconds(),
                    LatencyPhase.SHORT.windows());
            shortLatency = new LatencyPhase(env, LatencyPhase.SHORT).run();
        }
        setup.put("wall time", String.format("%.0f s", (System.nanoTime() - started) / 1e9));
        return new BenchReport(setup, stages, latency, shortLatency, ResourceSampler.processPeakRssMb(), perCore);
    }

    private void setup(Map<String, String> setup, PipelineSettings s) {
        setup.put("events", String.format("%,d of ~%d bytes over %d keys, %d partitions (scaling runs: %,d events)",
                plan.events(), plan.eventBytes(), plan.keys(), plan.partitions(), plan.scalingEvents()));
        setup.put("machine", Runtime.getRuntime().availableProcessors() + " cores, max heap "
                + Runtime.getRuntime().maxMemory() / 1048576 + " MiB, Java " + System.getProperty("java.version"));
        setup.put("bench windows", "pipeline.batch.max-age-ms=" + s.get(Setting.BATCH_MAX_AGE_MS)
                + ", pipeline.load.window-ms=" + s.get(Setting.LOAD_WINDOW_MS) + " (production: 60000 and 60000)");
        setup.put("pipeline settings", "writer-threads=" + s.get(Setting.BATCH_WRITER_THREADS)
                + ", gzip-level=" + s.get(Setting.BATCH_GZIP_LEVEL)
                + ", kafka.consumers=" + s.get(Setting.KAFKA_CONSUMERS)
                + ", max-poll-records=" + s.get(Setting.KAFKA_MAX_POLL_RECORDS)
                + ", load.max-batches=" + s.get(Setting.LOAD_MAX_BATCHES)
                + ", load.min-interval-ms=" + s.get(Setting.LOAD_MIN_INTERVAL_MS)
                + ", metrics=" + s.get(Setting.METRICS_ENABLED));
        setup.put("scaling", "batcher instances = in-process PipelineRuntimes (role batcher, one consumer group), counts " + plan.instances());
        setup.put("latency mode", plan.rate() + " events/s for " + plan.latencySeconds() + " s, whole pipeline in one runtime");
        setup.put("short-window latency mode", "the same with pipeline.batch.max-age-ms=" + BenchPlan.SHORT_BATCH_MAX_AGE_MS
                + ", pipeline.load.window-ms=" + BenchPlan.SHORT_LOAD_WINDOW_MS + " (last line: p99_short_ms)");
        setup.put("phase bound", plan.phaseTimeout().toSeconds() + " s per pipeline phase (end to end: "
                + plan.endToEndTimeout().toSeconds() + " s), half that per raw stage");
        setup.put("CPU %", "process CPU time / wall time (100 = one core); includes the in-process Kafka broker and S3 server, not PostgreSQL;"
                + " \"of which JIT\" is the JIT compiler threads' part, what compiling code this JVM had not run yet cost the phase");
    }

    private static StageResult step(String name, List<StageResult> stages, StageResult result) {
        stages.add(result);
        LOG.info("bench: {} {} events in {} s = {} events/s", name, result.events(),
                String.format("%.1f", result.seconds()), Math.round(result.eventsPerSecond()));
        System.out.printf("  %-16s %,12.0f events/s  %7.1f MB/s  CPU %4.0f%% (JIT %3.0f%%)  %5.1f CPU-ms/1k (JIT %4.1f)  (%,d events, %.1f s)%n",
                name, result.eventsPerSecond(), result.megabytesPerSecond(), result.cpuPercent(), result.jitCpuPercent(),
                result.cpuMsPerThousandEvents(), result.jitCpuMsPerThousandEvents(), result.events(), result.seconds());
        return result;
    }
}
