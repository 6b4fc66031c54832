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
import routes.operate.Progress;
import routes.operate.Replay;
import routes.reconcile.TimeWindow;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.EnumSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Announces the batch objects in S3 of an hour range again on topic B, for the running loader.",
                "Batches in the ledger are skipped (the loader would skip them too), so a replay over loaded data changes",
                "nothing; --forget-ledger deletes their ledger rows first (one transaction) and the loader inserts only the",
                "event ids missing from the table. Lists only what exists in S3 (the event keys, then their days in the window),",
                "so a wide window costs what its data costs. Progress on stderr: a bar per phase on a terminal, one summary line",
                "otherwise. Prints counts, never content.",
                "Exit 0: done; 1: some objects were refused or not published; 2: could not run."})
final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "TIME",
            description = "Start (ISO-8601; no offset = UTC), rounded down to the hour; the hour before is included too.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "TIME", description = "End, exclusive: objects filed under earlier hours.")
    String to;

    @Option(names = "--key", paramLabel = "GLOB", description = "Only event keys matching this glob, e.g. 'payroll.*'.")
    String key;

    @Option(names = "--table", paramLabel = "T", description = "Only objects whose events go to this table (pipeline.warehouse.tables).")
    String table;

    @Option(names = "--forget-ledger", description = "Delete the selected batches' ledger rows first, so they are loaded again.")
    boolean forgetLedger;

    @Option(names = "--dry-run", description = "Count what would be announced; change and publish nothing.")
    boolean dryRun;

    @Mixin
    SettingsOptions options;

    @Unmatched
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
        return OperateExits.guard("replay", this::replay);
    }

    private int replay() throws Exception {
        PipelineSettings settings = options.resolve(null, overrides).build();
        RunRequirements.check(settings, "replay", EnumSet.of(Need.KAFKA, Need.S3, Need.WAREHOUSE));
        Replay.Options replay = new Replay.Options(TimeWindow.parse(from, "--from"), TimeWindow.parse(to, "--to"),
                key, table, dryRun, forgetLedger);
        Replay.Summary s;
        Progress progress = Progress.onStderr("replay");
        try (S3Client s3 = S3Clients.create(S3Settings.of(settings))) {
            s = new Replay(settings, s3, Clock.systemUTC()).run(replay, progress);
        } finally {
            progress.finish();
        }
        System.out.printf("replay%s objects=%d in_ledger=%d forgotten=%d %s=%d records=%d refused=%d failed=%d%n",
                s.dryRun() ? " (dry run)" : "", s.selected(), s.inLedger(), s.forgotten(),
                s.dryRun() ? "would_publish" : "published", s.published(), s.records(), s.refused(), s.failed());
        if (s.refused() > 0) {
            System.out.println("  refused: objects without the batcher's metadata (record-count, batch-id, sha256) or outside the loader's rules");
        }
        return s.ok() ? OperateExits.OK : OperateExits.FAILED;
    }
}
