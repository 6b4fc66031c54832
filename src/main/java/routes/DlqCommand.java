package routes;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;
import routes.config.PipelineSettings;
import routes.config.RunRequirements;
import routes.config.RunRequirements.Need;
import routes.config.S3Settings;
import routes.config.Setting;
import routes.s3.S3Clients;
import software.amazon.awssdk.services.s3.S3Client;
import routes.operate.DlqRedrive;
import routes.operate.DlqSelection;
import routes.reconcile.TimeWindow;

import java.util.EnumSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Dead letters on the DLQ topic (pipeline.kafka.topic.dlq).",
        subcommands = DlqCommand.Redrive.class)
final class DlqCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = {"Republishes selected dead letters (original key and bytes) to the input topic of the stage that",
                    "rejected them, marked with the header dlq.redriven.from=<dlq partition>:<offset>. An original kept in S3",
                    "because it was too large for the DLQ is read back and checked (size, SHA-256) first. Dead letters already",
                    "redriven are skipped, so the same redrive twice publishes nothing new. Prints counts, never content.",
                    "Exit 0: done; 1: some could not be published; 2: could not run."})
    static final class Redrive implements Callable<Integer> {

        @Option(names = "--stage", required = true, paramLabel = "STAGE",
                description = "batcher (republish to pipeline.kafka.topic.events) or loader (to pipeline.kafka.topic.batches).")
        DlqSelection.Stage stage;

        @Option(names = "--reason", paramLabel = "R",
                description = "Only dead letters whose dlq.reason is R or starts with 'R:' (e.g. too_large, load_failed).")
        String reason;

        @Option(names = "--from", paramLabel = "TIME", description = "Only dead letters written at or after TIME (ISO-8601; no offset = UTC).")
        String from;

        @Option(names = "--to", paramLabel = "TIME", description = "Only dead letters written before TIME.")
        String to;

        @Option(names = "--dry-run", description = "Count what would be redriven; publish nothing.")
        boolean dryRun;

        @Mixin
        SettingsOptions options;

        @Unmatched
        List<String> overrides = new ArrayList<>();

        @Override
        public Integer call() {
            return OperateExits.guard("dlq redrive", this::redrive);
        }

        private int redrive() {
            PipelineSettings settings = options.resolve(null, overrides).build();
            // S3: dead letters whose original was too large for the DLQ carry a reference to it in the bucket
            RunRequirements.check(settings, "dlq redrive", EnumSet.of(Need.KAFKA, Need.S3));
            Instant fromTime = from == null ? null : TimeWindow.parse(from, "--from");
            Instant toTime = to == null ? null : TimeWindow.parse(to, "--to");
            DlqSelection selection = new DlqSelection(stage, reason, fromTime, toTime);
            DlqRedrive redrive;
            DlqRedrive.Summary s;
            try (S3Client s3 = S3Clients.create(S3Settings.of(settings))) {
                redrive = new DlqRedrive(settings, s3);
                s = redrive.run(selection, dryRun);
            }
            System.out.printf("dlq redrive%s stage=%s target=%s scanned=%d selected=%d already_redriven=%d %s=%d failed=%d%n",
                    s.dryRun() ? " (dry run)" : "", stage, redrive.inputTopic(stage), s.scanned(), s.selected(),
                    s.alreadyRedriven(), s.dryRun() ? "would_redrive" : "redriven",
                    s.dryRun() ? s.selected() - s.alreadyRedriven() : s.redriven(), s.failed());
            s.selectedByReason().forEach((r, n) -> System.out.printf("  reason %s: %d selected%n", r, n));
            return s.ok() ? OperateExits.OK : OperateExits.FAILED;
        }
    }
}
