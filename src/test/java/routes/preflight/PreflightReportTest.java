package routes.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PreflightReportTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final PreflightReport report = new PreflightReport(new PrintStream(out, true, StandardCharsets.UTF_8),
            List.of("a-long-warehouse-password", "events"));

    @Test
    void warningsAloneExitZeroAndOneFailExitsOne() {
        report.add(CheckResult.pass("a", "fine"));
        report.add(CheckResult.warn("b", "odd", "look"));
        assertThat(report.exitCode()).isZero();

        report.add(CheckResult.fail("c", "broken", "set pipeline.s3.bucket"));
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.summary()).isEqualTo("preflight: 1 passed, 1 warnings, 1 failed -> exit 1");
    }

    @Test
    void linesReadStatusCheckSawAndWhatToDo() {
        report.add(CheckResult.fail("s3.bucket", "bucket nope does not exist", "set pipeline.s3.bucket"));
        assertThat(out.toString(StandardCharsets.UTF_8).trim())
                .isEqualTo("FAIL s3.bucket bucket nope does not exist -> set pipeline.s3.bucket");
    }

    @Test
    void aSecretQuotedByAServerNeverReachesTheTerminalOrTheFile(@TempDir Path dir) throws Exception {
        report.add(CheckResult.fail("warehouse.connect", "login failed for password a-long-warehouse-password", "x"));
        Path json = dir.resolve("r.json");
        report.writeJson(json, "all");

        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("a-long-warehouse-password").contains("****");
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertThat(doc.toString()).doesNotContain("a-long-warehouse-password");
        assertThat(doc.get("exit_code").asInt()).isEqualTo(1);
        assertThat(doc.get("checks").get(0).get("status").asText()).isEqualTo("FAIL");
    }

    @Test
    void shortSecretsAreNotScrubbedBecauseTheyAreOrdinaryWords() {
        report.add(CheckResult.pass("warehouse.schema", "public.events exists"));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("public.events");
    }
}
