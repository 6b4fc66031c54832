package routes;

import org.junit.jupiter.params.ParameterizedTest;
import picocli.CommandLine;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
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
}
