package routes;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

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
                        "PIPELINE_WAREHOUSE_USER", "PIPELINE_WAREHOUSE_PASSWORD")
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
}
