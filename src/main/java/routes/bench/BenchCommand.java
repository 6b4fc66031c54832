package routes.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;
import routes.SettingsOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Throughput, latency and memory of the pipeline against each stage alone, in one run, on",
                "embedded services (free ports, temp dir). Writes bench.md, bench.json and bench.html; the last line",
                "is 'bench: pipeline=… bottleneck_stage=… bottleneck_eps=… ratio=… p99_ms=… p99_short_ms=… peak_rss_mb=…'",
                "(p99_short_ms: the latency mode again with 5 s batches and 1 s loads)."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--events", defaultValue = "1000000", description = "Events for the throughput runs (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--keys", defaultValue = "1000", description = "Distinct event keys (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of every bench topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--instances", defaultValue = "1,2,4", split = ",",
            description = "Batcher instances (in-process runtimes, one group) of the scaling runs (default: ${DEFAULT-VALUE}).")
    List<Integer> instances;

    @Option(names = "--event-bytes", defaultValue = "350", description = "Average event size in bytes (default: ${DEFAULT-VALUE}).")
    int eventBytes;

    @Option(names = "--rate", defaultValue = "10000", description = "Events/s of the latency mode (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--out", defaultValue = "target/bench", description = "Directory for the report files (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--latency-seconds", defaultValue = "30", description = "How long each latency mode produces (default: ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(names = "--phase-seconds", defaultValue = "45",
            description = "Bound of each pipeline phase (end to end gets three); raw stages get half, so the default run ends within 10 minutes (default: ${DEFAULT-VALUE}).")
    int phaseSeconds;

    @Mixin
    SettingsOptions options;

    @Unmatched
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        BenchPlan plan = BenchPlan.of(events, keys, partitions, instances, eventBytes, rate, out, latencySeconds, phaseSeconds);
        options.resolve("local", overrides); // fail on a bad --key=value before starting anything
        BenchReport report = new BenchRun(plan, () -> options.resolve("local", overrides)).run();
        System.out.println();
        System.out.print(report.markdown());
        report.write(out).forEach(p -> System.out.println("wrote " + p));
        System.out.println(report.perCore().line());
        System.out.println(report.lastLine());
        return 0;
    }
}
