package routes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;
import routes.config.PipelineSettings;
import routes.config.RunRequirements;
import routes.config.RunRequirements.Need;
import routes.s3.S3Clients;
import routes.config.S3Settings;
import routes.config.Setting;
import routes.operate.Janitor;
import routes.operate.JanitorFloor;
import routes.operate.Progress;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.EnumSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "janitor", mixinStandardHelpOptions = true,
        description = {"Finds what crashes leave behind in S3 and the spool directory; deletes it only with --delete.",
                "Batch objects neither loaded (ledger) nor announced (topic B, loader dead letters) whose records the batcher",
                "group has committed past (otherwise a batcher may still announce them), the loader's COPY",
                "manifests, and spool files on this machine, all older than --older-than (objects by the S3 server's clock).",
                "--older-than has a floor (5m with the default settings): a batcher may still be announcing a younger object.",
                "Progress on stderr: a line per phase on a terminal, one summary line otherwise. Prints names and counts, never content.",
                "Exit 0: done; 1: some deletions failed; 2: could not run."})
final class JanitorCommand implements Callable<Integer> {

    private static final int LISTED = 20;

    @Option(names = "--older-than", defaultValue = "24h", paramLabel = "AGE",
            description = {"Only what is older than this: a number and s, m, h or d (default: ${DEFAULT-VALUE}); below the floor",
                    "(2 x 120 s + 39 s + pipeline.shutdown.flush-timeout-ms, in whole minutes) it exits 2."})
    String olderThan;

    @Option(names = "--delete", description = "Delete what was found (default: report only).")
    boolean delete;

    @Mixin
    SettingsOptions options;

    @Unmatched
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
        return OperateExits.guard("janitor", this::janitor);
    }

    private int janitor() throws Exception {
        Duration age = parseAge(olderThan);
        PipelineSettings settings = options.resolve(null, overrides).build();
        JanitorFloor.of(settings).check(age);
        RunRequirements.check(settings, "janitor", EnumSet.of(Need.KAFKA, Need.S3, Need.WAREHOUSE));
        Janitor.Report r;
        Progress progress = Progress.onStderr("janitor");
        try (S3Client s3 = S3Clients.create(S3Settings.of(settings))) {
            r = new Janitor(settings, s3, Clock.systemUTC(), Janitor.s3Clock(settings, s3)).run(age, delete, progress);
        } finally {
            progress.finish();
        }
        System.out.printf("janitor%s older_than=%s batch_objects=%d orphans=%d orphan_bytes=%d kept_uncommitted=%d manifests=%d spool_files=%d deleted=%d failed=%d%n",
                r.delete() ? "" : " (report only; --delete to remove)", olderThan, r.batchObjects(), r.orphans().size(),
                r.orphanBytes(), r.uncommitted(), r.manifests().size(), r.spoolFiles().size(), r.deleted(), r.failed());
        r.orphans().stream().limit(LISTED).forEach(k -> System.out.println("  orphan   " + k));
        r.manifests().stream().limit(LISTED).forEach(k -> System.out.println("  manifest " + k));
        r.spoolFiles().stream().limit(LISTED).forEach(p -> System.out.println("  spool    " + p));
        return r.ok() ? OperateExits.OK : OperateExits.FAILED;
    }

    static Duration parseAge(String text) {
        return AgeOption.parse(text).orElseThrow(() -> new IllegalArgumentException(
                "--older-than must be a number and s, m, h or d (e.g. 24h): " + text));
    }
}
