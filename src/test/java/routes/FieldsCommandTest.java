package routes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FieldsCommandTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @ParameterizedTest(name = "--since {0} = {1}")
    @CsvSource({"7d, 2026-11-30T12:00:00Z", "24h, 2026-12-06T12:00:00Z", "90m, 2026-12-07T10:30:00Z", "30s, 2026-12-07T11:59:30Z",
            "2026-12-01T08:00:00Z, 2026-12-01T08:00:00Z", "2026-12-01T08:00:00+01:00, 2026-12-01T07:00:00Z",
            "2026-12-01T08:00, 2026-12-01T08:00:00Z", "2026-12-01, 2026-12-01T00:00:00Z"})
    void sinceIsAnIsoTimeOrAnAgeBackFromNow(String text, String expected) {
        assertThat(FieldsCommand.since(text, NOW)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest(name = "--since {0} is refused")
    @CsvSource({"yesterday", "7w", "-1d", "1.5h", "d"})
    void sinceRefusesWhatIsNeitherTimeNorAge(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> FieldsCommand.since(text, NOW)).withMessageContaining("--since");
    }

    @ParameterizedTest(name = "fields {0} exits 2 before connecting")
    @CsvSource(delimiter = '|', value = {"--key payroll%", "--since soon", "--key a/b", "--no-such-option"})
    void aBadOptionExitsTwoBeforeConnecting(String options) {
        int exit = quietly(() -> EventPipelineCli.commandLine().execute(("fields " + options).split(" ")));

        assertThat(exit).isEqualTo(2);
    }

    @Test
    void withoutWarehouseSettingsItNamesThemInsteadOfReadingThisMachinesDatabase() {
        StringWriter err = new StringWriter();
        CommandLine cli = EventPipelineCli.commandLine();
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute("fields", "--changes")).isEqualTo(2);
        assertThat(err.toString()).contains("fields does not start on local mode's defaults")
                .contains("PIPELINE_WAREHOUSE_JDBC_URL", "PIPELINE_WAREHOUSE_USER", "PIPELINE_WAREHOUSE_PASSWORD")
                .doesNotContain("PIPELINE_KAFKA", "PIPELINE_S3");
    }

    @Test
    void helpNamesEveryOptionAndTheExitCodes() {
        StringWriter out = new StringWriter();
        CommandLine cli = EventPipelineCli.commandLine();
        cli.setOut(new PrintWriter(out, true));

        assertThat(cli.execute("fields", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: event-pipeline fields [-hV] [--changes] [--json] [--config=FILE]",
                "[--key=GLOB] [--since=T]", "--key=GLOB", "--since=T", "--changes", "--json", "Exit 0");
    }

    private static int quietly(java.util.function.IntSupplier run) {
        PrintStream original = System.err;
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            return run.getAsInt();
        } finally {
            System.setErr(original);
        }
    }
}
