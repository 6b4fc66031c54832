package routes;

import org.junit.jupiter.params.ParameterizedTest;
import picocli.CommandLine;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OperatorCommandsTest {

    @ParameterizedTest(name = "--older-than {0} = {1}")
    @CsvSource(nullValues = "-", value = {"24h, PT24H", "90s, PT1M30S", "15m, PT15M", "7d, PT168H", "0s, PT0S",
            "24, -", "h, -", "-1h, -", "1w, -", "1.5h, -"})
    void parsesAnAgeAsANumberAndAUnit(String text, String expected) {
        if (expected == null) {
            assertThatIllegalArgumentException().isThrownBy(() -> JanitorCommand.parseAge(text)).withMessageContaining("--older-than");
        } else {
            assertThat(JanitorCommand.parseAge(text)).isEqualTo(Duration.parse(expected));
        }
    }

    @ParameterizedTest(name = "{0} exits 2")
    @CsvSource(delimiter = '|', value = {
            "janitor --older-than soon",
            "replay --from yesterday --to 2026-11-25",
            "replay --from 2026-11-25T10:00 --to 2026-11-25T09:00",
            "dlq redrive --stage transformer",
            "dlq redrive --stage batcher --from 2026-11-25 --to 2026-11-24",
            "dlq redrive --stage batcher --pipeline.no.such.setting=1",
            "janitor --pipeline.s3.bucket=",
    })
    void refusesToRunOnABadOptionOrMissingSettingWithExitCode2(String commandLine) {
        assertThat(EventPipelineCli.commandLine().execute(commandLine.split(" "))).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}: exit 2 naming {1}")
    @CsvSource(delimiter = '|', value = {
            "janitor --older-than 24h | PIPELINE_KAFKA_BOOTSTRAP_SERVERS PIPELINE_S3_BUCKET PIPELINE_S3_ENDPOINT PIPELINE_WAREHOUSE_JDBC_URL PIPELINE_WAREHOUSE_USER PIPELINE_WAREHOUSE_PASSWORD",
            "replay --from 2026-11-25T09:00 --to 2026-11-25T10:00 | PIPELINE_KAFKA_BOOTSTRAP_SERVERS PIPELINE_S3_BUCKET PIPELINE_S3_ENDPOINT PIPELINE_WAREHOUSE_JDBC_URL PIPELINE_WAREHOUSE_USER PIPELINE_WAREHOUSE_PASSWORD",
            "dlq redrive --stage batcher | PIPELINE_KAFKA_BOOTSTRAP_SERVERS PIPELINE_S3_BUCKET PIPELINE_S3_ENDPOINT",
            "reconcile --from 2026-11-25T09:00 --to 2026-11-25T10:00 | PIPELINE_WAREHOUSE_JDBC_URL PIPELINE_WAREHOUSE_USER PIPELINE_WAREHOUSE_PASSWORD",
    })
    void anOperatorCommandGivenNoSettingsNamesEveryOneItNeedsInsteadOfTalkingToThisMachine(String commandLine, String names) {
        StringWriter err = new StringWriter();
        CommandLine cli = EventPipelineCli.commandLine();
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute(commandLine.split(" "))).isEqualTo(2);

        String[] expected = names.split(" ");
        assertThat(err.toString()).contains(expected).contains("does not start on local mode's defaults")
                .contains(expected.length == 1 ? "this setting" : "these " + expected.length + " settings").doesNotContain("\tat ");
    }

    @ParameterizedTest(name = "janitor {0}: exit 2 naming the option and the floor {1}")
    @CsvSource(delimiter = '|', value = {
            "--older-than 1m                                        | 5m",
            "--older-than 4m --delete                               | 5m",
            "--older-than 6m --pipeline.shutdown.flush-timeout-ms=120000 | 7m",
    })
    void janitorRefusesAnAgeBelowTheFloorBeforeTouchingAnything(String options, String floor) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = EventPipelineCli.commandLine().execute(("janitor " + options.trim()).split("\\s+"));
        } finally {
            System.setErr(original);
        }

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--older-than").contains("below the floor of " + floor);
    }
}
