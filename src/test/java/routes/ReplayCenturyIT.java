package routes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.testing.EmbeddedServices;
import routes.testing.PipelineOutputs;
import routes.testing.TestPipelines;
import routes.testing.TestPipelines.Namespace;
import routes.testing.Warehouse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The operator's {@code replay} over a century, run as the command line runs it, after a table's rows and its ledger
 * rows were deleted: every event is back within a minute, and the command's stderr (a pipe here, as in a redirected
 * log) holds one summary line and no {@code \r} frame.
 */
@ExtendWith(EmbeddedServices.class)
class ReplayCenturyIT {

    private static final int EVENTS = 3000;
    private static final int KEYS = 3;
    private static final Duration WITHIN = Duration.ofMinutes(1);

    @Test
    void aReplayFrom2000To2100RestoresEveryDeletedEventWithinAMinuteAndLogsOneLine() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(2);
        // small batches, so the objects are many and filed under many hours of the four days (a batch goes under its first event's)
        PipelineSettings settings = TestPipelines.settings(ns).set(Setting.BATCH_MAX_RECORDS, "50").build();
        try (PipelineRuntime ignored = PipelineRuntime.start(settings)) {
            EmbeddedServices.produce(ns.events(), events());
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Warehouse.rows(ns.table()) == EVENTS && TestPipelines.caughtUp(ns.loaderGroup(), ns.batches()));
            long batches = PipelineOutputs.notifications(ns.batches()).size();
            assertThat(Warehouse.count("with d as (delete from " + ns.table() + " returning 1) select count(*) from d")).isEqualTo(EVENTS);
            assertThat(Warehouse.count("with d as (delete from "
                    + routes.contract.LedgerTable.of(routes.contract.SqlIdentifier.of(ns.table())).sql() + " where target_table = '" + ns.table()
                    + "' returning 1) select count(*) from d")).isEqualTo(batches);

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Instant started = Instant.now();
            int exit = assertTimeoutPreemptively(WITHIN, () -> withStdoutAndStderr(out, err, () -> EventPipelineCli.commandLine()
                    .execute(commandLine(settings, "replay", "--from", "2000-01-01T00:00:00Z", "--to", "2100-01-01T00:00:00Z"))));
            await().atMost(WITHIN.minus(Duration.between(started, Instant.now()))).pollInterval(Duration.ofMillis(250))
                    .until(() -> Warehouse.rows(ns.table()) == EVENTS);
            System.out.printf("replay 2000..2100: %d events of %d batches back in %d ms; stderr: %s",
                    EVENTS, batches, Duration.between(started, Instant.now()).toMillis(), err.toString(StandardCharsets.UTF_8));

            assertThat(exit).isZero();
            assertThat(batches).isGreaterThanOrEqualTo(EVENTS / 50);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("published=" + batches + " records=" + EVENTS + " refused=0 failed=0");
            assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("\r").hasLineCount(1)
                    .startsWith("replay: listing event keys " + KEYS + "/" + KEYS + " (")
                    .contains(" days, " + batches + " objects) ")
                    .contains("reading metadata " + batches + "/" + batches, "publishing " + batches + "/" + batches);
            await().atMost(Duration.ofSeconds(30)).until(() -> TestPipelines.caughtUp(ns.loaderGroup(), ns.batches()));
        }
        assertThat(Warehouse.rows(ns.table())).isEqualTo(EVENTS);
        assertThat(Warehouse.distinctIds(ns.table())).isEqualTo(EVENTS);
    }

    /** Events of three keys over four days, every hour of each. */
    private static List<byte[]> events() {
        List<byte[]> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            Instant at = Instant.parse("2026-11-20T00:00:00Z").plus(Duration.ofDays(i % 4)).plus(Duration.ofHours(i % 24))
                    .plusSeconds(i % 3600);
            events.add(("{\"event_id\":\"century-" + String.format("%05d", i) + "\",\"event_key\":\"century.key" + (i % KEYS)
                    + "\",\"occurred_at\":\"" + at + "\",\"source\":\"rails-web-1\",\"data\":{\"seq\":" + i + "}}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return events;
    }

    /** The command with the namespace's settings given as {@code --key=value}, as an operator passes them. */
    private static String[] commandLine(PipelineSettings settings, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        TestPipelines.RUN_KEYS.stream().filter(k -> !k.startsWith("camel."))
                .forEach(k -> args.add("--" + k + "=" + settings.get(k)));
        return args.toArray(String[]::new);
    }

    private interface Run {
        int call();
    }

    /** Runs with System.out and System.err captured; the command writes its summary and progress there. */
    private static int withStdoutAndStderr(ByteArrayOutputStream out, ByteArrayOutputStream err, Run run) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return run.call();
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }
}
