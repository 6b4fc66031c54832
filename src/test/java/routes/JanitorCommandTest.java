package routes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JanitorCommandTest {

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
}
