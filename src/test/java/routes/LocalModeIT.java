package routes;

import org.junit.jupiter.api.Test;
import routes.testing.PipelineProcess;
import routes.testing.TestPipelines;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * `java -jar event-pipeline.jar local` as a user runs it: services up, events flowing, Ctrl-C exits 0 and frees every port.
 * Its output is a file, so it prints lines (the terminal's panel: TerminalPanelIT).
 */
class LocalModeIT {

    @Test
    void localModeLoadsGeneratedEventsAndStopsCleanlyOnSigterm() throws Exception {
        int kafka = TestPipelines.freePort();
        int controller = TestPipelines.freePort();
        int s3 = TestPipelines.freePort();
        int postgres = TestPipelines.freePort();
        int http = TestPipelines.freePort();
        Path log = Files.createTempFile("local", ".log");
        List<String> command = List.of("local", "--rate", "500",
                "--pipeline.local.kafka-port=" + kafka, "--pipeline.local.kafka-controller-port=" + controller,
                "--pipeline.local.s3-port=" + s3, "--pipeline.local.postgres-port=" + postgres,
                "--pipeline.http.port=" + http, "--pipeline.local.progress-interval-s=2");
        try (PipelineProcess local = PipelineProcess.start(command, log)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> local.output().contains("is up in"));
            String jdbc = "jdbc:postgresql://127.0.0.1:" + postgres + "/events";
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> rows(jdbc) > 0);
            assertThat(local.output()).contains("events in");
            assertThat(local.output()).as("not a terminal: plain lines, the log on the console, no panel")
                    .contains(" INFO ").doesNotContain("\033[");

            long started = System.nanoTime();
            assertThat(local.stop()).as("exit code after SIGTERM").isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
            assertThat(local.output()).contains("stopped");
        }
        for (int port : new int[] {kafka, controller, s3, postgres, http}) {
            assertThat(listening(port)).as("port %d still listening", port).isFalse();
        }
    }

    private static long rows(String jdbc) {
        try (Connection c = DriverManager.getConnection(jdbc, "events", "events");
             ResultSet rs = c.createStatement().executeQuery("select count(*) from public.events")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return 0;
        }
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
