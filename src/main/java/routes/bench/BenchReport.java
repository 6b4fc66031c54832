package routes.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The figures of one bench run and their three renderings: a Markdown table, a JSON file and the last line.
 * The bottleneck is the slowest raw stage ({@link #RAW_POSTGRES_LOAD} aside); ratio = end-to-end events/s over the
 * bottleneck's events/s. Beside it, the loader against raw COPY and against its own warehouse work.
 *
 * @param latency      latency mode with the bench windows
 * @param shortLatency latency mode with 5 s batches and 1 s loads ({@code p99_short_ms})
 * @param perCore      the figures docs/capacity.md sizes a deployment from
 */
public record BenchReport(Map<String, String> setup, List<StageResult> stages, LatencyResult latency,
                          LatencyResult shortLatency, double processPeakRssMb, PerCoreFigures perCore) {

    public static final String END_TO_END = "end to end";
    /** The loader alone (group pipeline). */
    public static final String LOADER = "loader";
    /** One COPY per chunk straight into a table of the target's shape (group raw). */
    public static final String RAW_POSTGRES_COPY = "postgres copy";
    /**
     * The loader's own warehouse code on the same rows, objects from memory ({@link RawPostgresLoad}, group raw). It
     * is listed with the raw stages but is never the bottleneck: it is part of the loader, not a limit of the
     * machine's parts, and the last line's ratio stays end to end over the slowest raw stage (issue 31).
     */
    public static final String RAW_POSTGRES_LOAD = "postgres load";

    public BenchReport {
        setup = new LinkedHashMap<>(setup);
        stages = List.copyOf(stages);
    }

    /** Without per-core figures. */
    public BenchReport(Map<String, String> setup, List<StageResult> stages, LatencyResult latency,
                       LatencyResult shortLatency, double processPeakRssMb) {
        this(setup, stages, latency, shortLatency, processPeakRssMb, PerCoreFigures.none());
    }

    /** Without a short-window latency run. */
    public BenchReport(Map<String, String> setup, List<StageResult> stages, LatencyResult latency, double processPeakRssMb) {
        this(setup, stages, latency, LatencyResult.none(), processPeakRssMb);
    }

    public Optional<StageResult> stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The raw stage with the fewest events per second, {@link #RAW_POSTGRES_LOAD} left out. */
    public Optional<StageResult> bottleneck() {
        return stages.stream().filter(s -> s.group().equals("raw") && s.events() > 0 && !s.name().equals(RAW_POSTGRES_LOAD))
                .min(Comparator.comparingDouble(StageResult::eventsPerSecond));
    }

    /** The loader alone's rows/s over raw COPY's; NaN when either is missing. */
    public double loaderOverRawCopy() {
        return over("pipeline", LOADER, RAW_POSTGRES_COPY);
    }

    /** The loader alone's rows/s over its own warehouse work's ({@link #RAW_POSTGRES_LOAD}); NaN when either is missing. */
    public double loaderOverRawLoad() {
        return over("pipeline", LOADER, RAW_POSTGRES_LOAD);
    }

    /** The loader's warehouse work's rows/s over raw COPY's: what the exactly-once load costs; NaN when either is missing. */
    public double rawLoadOverRawCopy() {
        return over("raw", RAW_POSTGRES_LOAD, RAW_POSTGRES_COPY);
    }

    /** {@code group · name}'s events/s over {@code raw · rawName}'s. */
    private double over(String group, String name, String rawName) {
        double numerator = stage(group, name).map(StageResult::eventsPerSecond).orElse(0.0);
        double denominator = stage("raw", rawName).map(StageResult::eventsPerSecond).orElse(0.0);
        return numerator <= 0 || denominator <= 0 ? Double.NaN : numerator / denominator;
    }

    private Optional<StageResult> stage(String group, String name) {
        return stages.stream().filter(s -> s.group().equals(group) && s.name().equals(name)).findFirst();
    }

    public double endToEndEventsPerSecond() {
        return stage(END_TO_END).map(StageResult::eventsPerSecond).orElse(0.0);
    }

    /** End-to-end throughput over the slowest raw stage's, or 0 when either is missing. */
    public double ratio() {
        double slowest = bottleneck().map(StageResult::eventsPerSecond).orElse(0.0);
        return slowest <= 0 ? 0 : endToEndEventsPerSecond() / slowest;
    }

    /**
     * {@code bench: pipeline=<eps> bottleneck_stage=<name> bottleneck_eps=<eps> ratio=<x.xx> p99_ms=<ms>
     * p99_short_ms=<ms> peak_rss_mb=<mb>}
     */
    public String lastLine() {
        StageResult slowest = bottleneck().orElse(null);
        return String.format(Locale.ROOT,
                "bench: pipeline=%d bottleneck_stage=%s bottleneck_eps=%d ratio=%.2f p99_ms=%s p99_short_ms=%s peak_rss_mb=%d",
                Math.round(endToEndEventsPerSecond()),
                slowest == null ? "none" : slowest.name().replace(' ', '_'),
                slowest == null ? 0 : Math.round(slowest.eventsPerSecond()),
                ratio(),
                millis(latency.p99()),
                millis(shortLatency.p99()),
                Math.round(processPeakRssMb));
    }

    private static String millis(double ms) {
        return Double.isNaN(ms) ? "NaN" : Long.toString(Math.round(ms));
    }

    public String markdown() {
        StringBuilder md = new StringBuilder("# event-pipeline bench\n\n");
        setup.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("\n| group | stage | events | events/s | MB/s | CPU % | CPU ms / 1k events | of which JIT | peak RSS MiB | peak heap MiB | live heap MiB | what was timed |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (StageResult s : stages) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,.0f | %.1f | %.0f | %.1f | %.1f | %.0f | %.0f | %.0f | %s |%n",
                    s.group(), s.name(), s.events(), s.eventsPerSecond(), s.megabytesPerSecond(), s.cpuPercent(),
                    s.cpuMsPerThousandEvents(), s.jitCpuMsPerThousandEvents(), s.peakRssMb(), s.peakHeapMb(), s.liveHeapMb(), s.note()));
        }
        latencyMarkdown(md, "Latency", latency);
        latencyMarkdown(md, "Short-window latency", shortLatency);
        md.append(String.format(Locale.ROOT, "%nBottleneck (slowest raw stage): %s; end to end / bottleneck = %.2f%n",
                bottleneck().map(StageResult::name).orElse("none"), ratio()));
        md.append("\n| loader vs its parts (rows/s) | ratio |\n| --- | ---: |\n")
                .append("| loader ÷ raw postgres copy | ").append(twoDecimals(loaderOverRawCopy())).append(" |\n")
                .append("| loader ÷ raw postgres load (its own warehouse work) | ").append(twoDecimals(loaderOverRawLoad())).append(" |\n")
                .append("| raw postgres load ÷ raw postgres copy | ").append(twoDecimals(rawLoadOverRawCopy())).append(" |\n");
        md.append("\nPer-core figures ([docs/capacity.md](../../docs/capacity.md) sizes a deployment from them):\n\n")
                .append("| figure | value |\n| --- | ---: |\n");
        perCore.figures().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        return md.toString();
    }

    private static String twoDecimals(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static void latencyMarkdown(StringBuilder md, String title, LatencyResult latency) {
        md.append(String.format(Locale.ROOT, "%n%s at %,d events/s (%,d events), produce → row visible: "
                        + "p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms (p99 to loaded_at %.0f ms; to occurred_at %.0f ms)%n%n",
                title, latency.rate(), latency.events(), latency.p50(), latency.p95(), latency.p99(), latency.max(),
                latency.loadedAtP99(), latency.occurredAtP99()));
        md.append("| where the time goes | figure |\n| --- | --- |\n");
        latency.split().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    }

    public String json() throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("setup", setup);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StageResult s : stages) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("group", s.group());
            row.put("stage", s.name());
            row.put("events", s.events());
            row.put("bytes", s.bytes());
            row.put("seconds", round(s.seconds(), 3));
            row.put("events_per_second", Math.round(s.eventsPerSecond()));
            row.put("mb_per_second", round(s.megabytesPerSecond(), 2));
            row.put("cpu_percent", round(s.cpuPercent(), 1));
            row.put("cpu_ms_per_1k_events", round(s.cpuMsPerThousandEvents(), 2));
            row.put("jit_cpu_ms_per_1k_events", round(s.jitCpuMsPerThousandEvents(), 2));
            row.put("peak_rss_mb", round(s.peakRssMb(), 1));
            row.put("peak_heap_mb", round(s.peakHeapMb(), 1));
            row.put("live_heap_mb", round(s.liveHeapMb(), 1));
            row.put("note", s.note());
            rows.add(row);
        }
        root.put("stages", rows);
        root.put("latency", latencyJson(latency));
        root.put("latency_short", latencyJson(shortLatency));
        root.put("bottleneck_stage", bottleneck().map(StageResult::name).orElse(null));
        root.put("ratio", round(ratio(), 2));
        root.put("loader_over_raw_copy", round(loaderOverRawCopy(), 2));
        root.put("loader_over_raw_load", round(loaderOverRawLoad(), 2));
        root.put("raw_load_over_raw_copy", round(rawLoadOverRawCopy(), 2));
        root.put("peak_rss_mb", round(processPeakRssMb, 1));
        root.put("per_core", perCore.figures());
        root.put("last_line", lastLine());
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    }

    private static Map<String, Object> latencyJson(LatencyResult latency) {
        Map<String, Object> lat = new LinkedHashMap<>();
        lat.put("rate", latency.rate());
        lat.put("events", latency.events());
        lat.put("p50_ms", round(latency.p50(), 0));
        lat.put("p95_ms", round(latency.p95(), 0));
        lat.put("p99_ms", round(latency.p99(), 0));
        lat.put("max_ms", round(latency.max(), 0));
        lat.put("p99_to_loaded_at_ms", round(latency.loadedAtP99(), 0));
        lat.put("p99_to_occurred_at_ms", round(latency.occurredAtP99(), 0));
        lat.put("split", latency.split());
        return lat;
    }

    /** Writes bench.md, bench.json and bench.html (the charts) into {@code dir}; returns the files. */
    public List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path md = Files.writeString(dir.resolve("bench.md"), markdown(), StandardCharsets.UTF_8);
        Path json = Files.writeString(dir.resolve("bench.json"), json(), StandardCharsets.UTF_8);
        Path html = Files.writeString(dir.resolve("bench.html"), BenchChart.html(this), StandardCharsets.UTF_8);
        return List.of(md, json, html);
    }

    /** NaN and infinities become null in JSON. */
    private static Object round(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return null;
        }
        double f = Math.pow(10, decimals);
        return Math.round(value * f) / f;
    }
}
