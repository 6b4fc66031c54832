package routes.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import routes.config.PipelineSettings;
import routes.config.Setting;

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

    @Test
    void everyPasswordSettingIsScrubbedFromTheTerminalAndTheReportWhetherGivenOrReadFromItsFile(@TempDir Path dir) throws Exception {
        List<String> passwordKeys = Setting.declarations().stream().filter(Setting.Declaration::secret)
                .map(Setting.Declaration::key).toList();
        assertThat(passwordKeys).as("PASSWORD settings, Kafka's included").contains(Setting.KAFKA_SASL_PASSWORD,
                Setting.KAFKA_SSL_KEYSTORE_PASSWORD, Setting.KAFKA_SSL_TRUSTSTORE_PASSWORD, Setting.S3_SSL_TRUSTSTORE_PASSWORD,
                Setting.WAREHOUSE_PASSWORD, Setting.SANITIZE_HMAC_KEY, Setting.HTTP_AUTH_PASSWORD, Setting.S3_SECRET_KEY);
        PipelineSettings.Builder builder = PipelineSettings.builder();
        StringBuilder quoted = new StringBuilder("a server quoted:");
        for (String key : passwordKeys) {
            String value = "secret-of-" + key + "-" + UUID.randomUUID();
            quoted.append(' ').append(value);
            if (key.equals(Setting.KAFKA_SASL_PASSWORD)) {
                Path file = dir.resolve("sasl.password");
                Files.writeString(file, value + "\n");
                builder.set(key, "").set(Setting.KAFKA_SASL_PASSWORD_FILE, file.toString());
            } else {
                builder.set(key, value);
            }
        }
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        PreflightReport scrubbing = new PreflightReport(new PrintStream(terminal, true, StandardCharsets.UTF_8),
                ConfiguredSecrets.of(builder.build()));

        scrubbing.add(CheckResult.fail("kafka.connect", quoted.toString(), quoted.toString()));
        Path json = dir.resolve("report.json");
        scrubbing.writeJson(json, "all");

        String printed = terminal.toString(StandardCharsets.UTF_8);
        String written = Files.readString(json);
        for (String key : passwordKeys) {
            assertThat(printed).as("terminal").doesNotContain("secret-of-" + key);
            assertThat(written).as("report").doesNotContain("secret-of-" + key);
        }
        assertThat(printed).contains("a server quoted: ****");
    }
}
