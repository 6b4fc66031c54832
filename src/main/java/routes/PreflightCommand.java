package routes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;
import routes.config.PipelineSettings;
import routes.preflight.ConfiguredSecrets;
import routes.preflight.Preflight;
import routes.preflight.PreflightReport;
import routes.preflight.PreflightRole;
import routes.preflight.QuietLogs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "preflight", mixinStandardHelpOptions = true,
        description = {"Checks, with the same configuration as `run`, that Kafka, S3 and the warehouse are ready for it,",
                "and runs the loader's own statements on canary data in transactions that are rolled back.",
                "Changes nothing that stays (canary objects are deleted; --write-canary adds one DLQ record).",
                "One line per check: PASS|WARN|FAIL <check> <what it saw> -> <what to do>.",
                "Exit 0: no FAIL; 1: at least one FAIL; 2: could not run (bad option or configuration)."})
final class PreflightCommand implements Callable<Integer> {

    @Option(names = "--role", defaultValue = "all", description = "batcher, loader or all (default: ${DEFAULT-VALUE}).")
    PreflightRole role;

    @Option(names = "--report", paramLabel = "FILE.json", description = "Also write the lines as JSON to this file.")
    Path reportFile;

    @Option(names = "--write-canary", description = "Also produce one record (dlq.reason=preflight_canary) to the DLQ topic: it stays there.")
    boolean writeCanary;

    @Option(names = "--verbose", description = "Print preflight's DEBUG detail (exception chains) after the lines.")
    boolean verbose;

    @Mixin
    SettingsOptions options;

    @Unmatched
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
        PipelineSettings settings;
        List<String> secrets;
        try {
            settings = options.resolve(null, overrides).build();
            secrets = ConfiguredSecrets.of(settings);
        } catch (RuntimeException e) {
            System.err.println("preflight: " + e.getMessage());
            return PreflightReport.COULD_NOT_RUN;
        }
        PreflightReport report = new PreflightReport(System.out, secrets);
        try (QuietLogs quiet = QuietLogs.apply(verbose)) {
            new Preflight(settings, role, writeCanary, report).run();
        } catch (RuntimeException e) {
            System.err.println(report.scrub("preflight: could not run: " + e.getClass().getSimpleName() + " " + e.getMessage()));
            return PreflightReport.COULD_NOT_RUN;
        }
        System.out.println(report.summary());
        if (reportFile != null) {
            try {
                report.writeJson(reportFile, role.name());
                System.out.println("report written to " + reportFile);
            } catch (java.io.IOException e) {
                System.err.println("preflight: cannot write " + reportFile + ": " + e.getMessage());
                return PreflightReport.COULD_NOT_RUN;
            }
        }
        return report.exitCode();
    }
}
