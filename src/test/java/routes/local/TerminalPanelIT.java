package routes.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.testing.PipelineProcess;
import routes.testing.TestPipelines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * `local` on a terminal (emulated by script(1)): the status panel repaints in place, no log line reaches the
 * screen, the log is complete in {@code <data-dir>/pipeline.log}, and SIGTERM (what Ctrl-C's SIGINT does too)
 * still stops it cleanly below the last frame.
 */
class TerminalPanelIT {

    private static final Path SCRIPT = Path.of("/usr/bin/script");
    private static final String HOME = "\033[H";

    @Test
    void onATerminalLocalShowsThePanelAndLogsToTheDataDir(@TempDir Path work) throws Exception {
        assumeThat(Files.isExecutable(SCRIPT)).as("script(1) from util-linux emulates the terminal").isTrue();
        Path data = work.resolve("data");
        Path screen = work.resolve("screen.txt");
        String command = String.join(" ", PipelineProcess.javaBinary(), "-Xmx512m", "-jar", PipelineProcess.JAR.toAbsolutePath().toString(),
                "local", "--rate", "300", "--data-dir", data.toString(),
                "--pipeline.local.kafka-port=" + TestPipelines.freePort(),
                "--pipeline.local.kafka-controller-port=" + TestPipelines.freePort(),
                "--pipeline.local.s3-port=" + TestPipelines.freePort(),
                "--pipeline.local.postgres-port=" + TestPipelines.freePort(),
                "--pipeline.http.port=" + TestPipelines.freePort());
        Process terminal = new ProcessBuilder(SCRIPT.toString(), "-qfec", command, "/dev/null")
                .redirectErrorStream(true).redirectOutput(screen.toFile()).start();
        try {
            Path log = data.resolve("pipeline.log");
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> Files.exists(log) && Files.readString(log).contains("load table=public.events"));
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(screen).matches("(?s).*rows loaded +[1-9].*"));

            String shown = Files.readString(screen);
            assertThat(shown).startsWith("starting event-pipeline local … (log: " + log)
                    .contains(HOME).contains("events in").contains("last load per table").contains("public.events");
            assertThat(shown.split(java.util.regex.Pattern.quote(HOME)).length).as("frames painted").isGreaterThan(3);
            assertThat(shown).as("no log line on the screen").doesNotContain(" INFO ").doesNotContain("batch key=");
            assertThat(Files.readString(log)).contains("pipeline started in").contains("batch key=");

            ProcessHandle java = terminal.toHandle().descendants().filter(p -> p.info().command().orElse("").endsWith("java"))
                    .findFirst().orElseThrow();
            java.destroy();
            assertThat(terminal.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
            assertThat(terminal.exitValue()).as("exit code after SIGTERM").isZero();
            String end = Files.readString(screen);
            assertThat(end.substring(end.lastIndexOf(HOME))).contains("stopping: consumers").endsWith("stopped (log: " + log + ")\r\n");
        } finally {
            terminal.descendants().forEach(ProcessHandle::destroyForcibly);
            terminal.destroyForcibly();
        }
    }
}
