package routes;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import routes.testing.PipelineProcess;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RunCommandTest {

    @Test
    void runGivenNothingExitsTwoNamingEveryMissingSettingWithoutAStackTrace() {
        StringWriter err = new StringWriter();
        CommandLine cli = EventPipelineCli.commandLine();
        cli.setErr(new PrintWriter(err, true));

        long started = System.nanoTime();
        int exit = cli.execute("run");

        assertThat(exit).isEqualTo(2);
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms to refuse").isLessThan(5_000);
        assertThat(err.toString()).contains("PIPELINE_KAFKA_BOOTSTRAP_SERVERS", "PIPELINE_S3_BUCKET", "PIPELINE_S3_ENDPOINT",
                        "PIPELINE_WAREHOUSE_DIALECT", "PIPELINE_SANITIZE_HMAC_KEY", "PIPELINE_WAREHOUSE_JDBC_URL",
                        "PIPELINE_WAREHOUSE_USER", "PIPELINE_WAREHOUSE_PASSWORD", "PIPELINE_VIEWS_ENABLED")
                .doesNotContain("\tat ", "Exception");
    }

    @Test
    void anUnknownSettingIsRefusedByNameWithoutAStackTrace() {
        StringWriter err = new StringWriter();
        CommandLine cli = EventPipelineCli.commandLine();
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute("run", "--pipeline.event.field.key=type")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown setting pipeline.event.field.key").doesNotContain("\tat ");
    }

    /**
     * What {@code docker run -p 8080:8080} without authentication does: the image's PIPELINE_HTTP_HOST=0.0.0.0 and
     * every other setting `run` needs, in a child JVM running the real command with that environment.
     */
    @Test
    void runBoundBeyondLoopbackWithoutAuthenticationExitsTwoInOneLineNamingTheSettings() throws Exception {
        ProcessBuilder command = new ProcessBuilder(PipelineProcess.javaBinary(), "-cp", System.getProperty("java.class.path"),
                EventPipelineCli.class.getName(), "run").redirectErrorStream(true);
        Map<String, String> environment = command.environment();
        environment.keySet().removeIf(name -> name.startsWith("PIPELINE_"));
        environment.putAll(Map.of("PIPELINE_HTTP_HOST", "0.0.0.0",
                // nothing listens there: a command that got past the check would hang or fail on them, not exit 2
                "PIPELINE_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1", "PIPELINE_S3_BUCKET", "bkt", "PIPELINE_S3_ENDPOINT", "http://127.0.0.1:1",
                "PIPELINE_WAREHOUSE_DIALECT", "postgresql", "PIPELINE_SANITIZE_HMAC_KEY", "test-hmac-key-of-at-least-32-bytes",
                "PIPELINE_WAREHOUSE_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/none", "PIPELINE_WAREHOUSE_USER", "u",
                "PIPELINE_WAREHOUSE_PASSWORD", "p", "PIPELINE_VIEWS_ENABLED", "false"));
        Process run = command.start();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("refused before contacting anything").isTrue();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

        assertThat(run.exitValue()).as(output).isEqualTo(2);
        assertThat(output.lines()).as(output).singleElement().asString()
                .contains("PIPELINE_HTTP_HOST=0.0.0.0", "PIPELINE_HTTP_AUTH_USER", "PIPELINE_HTTP_AUTH_PASSWORD",
                        "PIPELINE_HTTP_AUTH_PASSWORD_FILE")
                .doesNotContain("Exception");
    }
}
