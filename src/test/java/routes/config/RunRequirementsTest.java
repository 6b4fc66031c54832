package routes.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunRequirementsTest {

    private static final Map<String, String> PRODUCTION = Map.of(
            "PIPELINE_KAFKA_BOOTSTRAP_SERVERS", "b-1.msk:9098",
            "PIPELINE_S3_BUCKET", "acme-event-logs",
            "PIPELINE_S3_ENDPOINT", "",
            "PIPELINE_WAREHOUSE_DIALECT", "redshift",
            "PIPELINE_SANITIZE_HMAC_KEY", "test-hmac-key-of-at-least-32-bytes",
            "PIPELINE_WAREHOUSE_JDBC_URL", "jdbc:redshift://cluster:5439/dev",
            "PIPELINE_WAREHOUSE_USER", "loader",
            "PIPELINE_WAREHOUSE_PASSWORD", "p",
            "PIPELINE_VIEWS_ENABLED", "false");

    @Test
    void nothingGivenNamesEveryLocalDefaultByItsEnvironmentVariable() {
        assertThat(RunRequirements.missing(PipelineSettings.defaults())).extracting(line -> line.split(" ")[0])
                .containsExactly("PIPELINE_KAFKA_BOOTSTRAP_SERVERS", "PIPELINE_S3_BUCKET", "PIPELINE_S3_ENDPOINT",
                        "PIPELINE_WAREHOUSE_DIALECT", "PIPELINE_SANITIZE_HMAC_KEY", "PIPELINE_WAREHOUSE_JDBC_URL",
                        "PIPELINE_WAREHOUSE_USER", "PIPELINE_VIEWS_ENABLED", "PIPELINE_WAREHOUSE_PASSWORD");
        assertThatThrownBy(() -> RunRequirements.check(PipelineSettings.defaults()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("these 9 settings")
                .hasMessageContaining("PIPELINE_WAREHOUSE_PASSWORD or PIPELINE_WAREHOUSE_PASSWORD_FILE");
    }

    @Test
    void everySettingGivenStartsEvenWhenAGivenValueEqualsItsDefaultOrIsEmpty() {
        PipelineSettings settings = PipelineSettings.builder().environment(PRODUCTION)
                .set(Setting.WAREHOUSE_DIALECT, "postgresql").build();
        assertThat(RunRequirements.missing(settings)).isEmpty();
    }

    @Test
    void eachRoleNeedsOnlyWhatItUses() {
        PipelineSettings batcher = PipelineSettings.builder().set(Setting.ROLE_LOADER, "false")
                .set(Setting.KAFKA_BOOTSTRAP_SERVERS, "k:9092").set(Setting.S3_BUCKET, "bkt").set(Setting.S3_ENDPOINT, "")
                .set(Setting.WAREHOUSE_DIALECT, "redshift").set(Setting.SANITIZE_HMAC_KEY, "test-hmac-key-of-at-least-32-bytes").build();
        assertThat(RunRequirements.missing(batcher)).isEmpty();
        PipelineSettings loader = PipelineSettings.builder().set(Setting.ROLE_BATCHER, "false").build();
        assertThat(String.join("\n", RunRequirements.missing(loader)))
                .contains("PIPELINE_WAREHOUSE_JDBC_URL").doesNotContain("HMAC");
    }

    @Test
    void theLoaderMustBeToldWhetherToKeepTheViewsPerEventKeyTheBatcherNeedNot() {
        Map<String, String> undecided = new java.util.HashMap<>(PRODUCTION);
        undecided.remove("PIPELINE_VIEWS_ENABLED");
        assertThat(RunRequirements.missing(PipelineSettings.builder().environment(undecided).build()))
                .singleElement().asString().startsWith("PIPELINE_VIEWS_ENABLED (pipeline.views.enabled)");
        assertThat(RunRequirements.missing(PipelineSettings.builder().environment(undecided)
                .set(Setting.ROLE_LOADER, "false").build())).isEmpty();
        assertThat(PipelineSettings.defaults().getBoolean(Setting.VIEWS_ENABLED)).as("on in local").isTrue();
    }

    @Test
    void aPasswordFileStandsForThePassword(@TempDir Path secrets) throws Exception {
        String warehouse = Files.writeString(secrets.resolve("warehouse"), "warehouse-password").toString();
        PipelineSettings settings = PipelineSettings.builder().environment(PRODUCTION)
                .environment(Map.of("PIPELINE_WAREHOUSE_PASSWORD_FILE", warehouse)).build();
        PipelineSettings withoutPassword = PipelineSettings.builder()
                .environment(Map.of("PIPELINE_WAREHOUSE_PASSWORD_FILE", warehouse)).build();
        assertThat(RunRequirements.missing(settings)).isEmpty();
        assertThat(String.join("\n", RunRequirements.missing(withoutPassword))).doesNotContain("PIPELINE_WAREHOUSE_PASSWORD ");
    }

    @Test
    void anIamJdbcUrlStandsForThePassword() {
        Map<String, String> iam = new java.util.HashMap<>(PRODUCTION);
        iam.remove("PIPELINE_WAREHOUSE_PASSWORD");
        iam.put("PIPELINE_WAREHOUSE_JDBC_URL", "jdbc:redshift:iam://events.abc123xyz789.us-east-1.redshift.amazonaws.com:5439/dev");
        assertThat(RunRequirements.missing(PipelineSettings.builder().environment(iam).build())).isEmpty();
    }

    @Test
    void withNeitherAPasswordNorAnIamUrlTheRefusalNamesBoth() {
        Map<String, String> noPassword = new java.util.HashMap<>(PRODUCTION);
        noPassword.remove("PIPELINE_WAREHOUSE_PASSWORD");
        PipelineSettings settings = PipelineSettings.builder().environment(noPassword).build();
        assertThatThrownBy(() -> RunRequirements.check(settings))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("PIPELINE_WAREHOUSE_PASSWORD or PIPELINE_WAREHOUSE_PASSWORD_FILE")
                .hasMessageContaining("jdbc:redshift:iam://");
    }

    @Test
    void anEmptyHmacKeyIsAsMissingAsNone() {
        PipelineSettings settings = PipelineSettings.builder().environment(PRODUCTION)
                .set(Setting.SANITIZE_HMAC_KEY, "").build();
        assertThat(RunRequirements.missing(settings)).singleElement().asString().startsWith("PIPELINE_SANITIZE_HMAC_KEY");
    }

    @Test
    void aProfileSetsDefaultsNotGivenSettings() {
        PipelineSettings local = PipelineSettings.builder().profile("local").build();
        assertThat(local.isGiven(Setting.S3_ACCESS_KEY)).isFalse();
        assertThat(PipelineSettings.builder().set(Setting.S3_ACCESS_KEY, "a").build().isGiven(Setting.S3_ACCESS_KEY)).isTrue();
    }
}
