package routes.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunRequirementsTest {

    private static final Map<String, String> PRODUCTION = Map.of(
            "PIPELINE_KAFKA_BOOTSTRAP_SERVERS", "b-1.msk:9098",
            "PIPELINE_S3_BUCKET", "acme-event-logs",
            "PIPELINE_S3_ENDPOINT", "",
            "PIPELINE_WAREHOUSE_DIALECT", "redshift",
            "PIPELINE_SANITIZE_HMAC_KEY", "k",
            "PIPELINE_WAREHOUSE_JDBC_URL", "jdbc:redshift://cluster:5439/dev",
            "PIPELINE_WAREHOUSE_USER", "loader",
            "PIPELINE_WAREHOUSE_PASSWORD", "p");

    @Test
    void nothingGivenNamesEveryLocalDefaultByItsEnvironmentVariable() {
        assertThat(RunRequirements.missing(PipelineSettings.defaults())).extracting(line -> line.split(" ")[0])
                .containsExactly("PIPELINE_KAFKA_BOOTSTRAP_SERVERS", "PIPELINE_S3_BUCKET", "PIPELINE_S3_ENDPOINT",
                        "PIPELINE_WAREHOUSE_DIALECT", "PIPELINE_SANITIZE_HMAC_KEY", "PIPELINE_WAREHOUSE_JDBC_URL",
                        "PIPELINE_WAREHOUSE_USER", "PIPELINE_WAREHOUSE_PASSWORD");
        assertThatThrownBy(() -> RunRequirements.check(PipelineSettings.defaults()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("these 8 settings")
                .hasMessageContaining("PIPELINE_WAREHOUSE_PASSWORD or PIPELINE_WAREHOUSE_PASSWORD_FILE");
    }

    @Test
    void everySettingGivenStartsEvenWhenAGivenValueEqualsItsDefaultOrIsEmpty() {
        PipelineSettings settings = PipelineSettings.builder().environment(PRODUCTION)
                .set("pipeline.warehouse.dialect", "postgresql").build();
        assertThat(RunRequirements.missing(settings)).isEmpty();
    }

    @Test
    void eachRoleNeedsOnlyWhatItUses() {
        PipelineSettings batcher = PipelineSettings.builder().set("pipeline.role.loader", "false")
                .set("pipeline.kafka.bootstrap-servers", "k:9092").set("pipeline.s3.bucket", "b").set("pipeline.s3.endpoint", "")
                .set("pipeline.warehouse.dialect", "redshift").set("pipeline.sanitize.hmac-key", "k").build();
        assertThat(RunRequirements.missing(batcher)).isEmpty();
        PipelineSettings loader = PipelineSettings.builder().set("pipeline.role.batcher", "false").build();
        assertThat(String.join("\n", RunRequirements.missing(loader)))
                .contains("PIPELINE_WAREHOUSE_JDBC_URL").doesNotContain("HMAC");
    }

    @Test
    void aPasswordFileStandsForThePassword() {
        PipelineSettings settings = PipelineSettings.builder().environment(PRODUCTION)
                .environment(Map.of("PIPELINE_WAREHOUSE_PASSWORD_FILE", "/run/secrets/warehouse")).build();
        PipelineSettings withoutPassword = PipelineSettings.builder()
                .environment(Map.of("PIPELINE_WAREHOUSE_PASSWORD_FILE", "/run/secrets/warehouse")).build();
        assertThat(RunRequirements.missing(settings)).isEmpty();
        assertThat(String.join("\n", RunRequirements.missing(withoutPassword))).doesNotContain("PIPELINE_WAREHOUSE_PASSWORD ");
    }

    @Test
    void anEmptyHmacKeyIsAsMissingAsNone() {
        PipelineSettings settings = PipelineSettings.builder().environment(PRODUCTION)
                .set("pipeline.sanitize.hmac-key", "").build();
        assertThat(RunRequirements.missing(settings)).singleElement().asString().startsWith("PIPELINE_SANITIZE_HMAC_KEY");
    }

    @Test
    void aProfileSetsDefaultsNotGivenSettings() {
        PipelineSettings local = PipelineSettings.builder().profile("local").build();
        assertThat(local.isGiven("pipeline.s3.access-key")).isFalse();
        assertThat(PipelineSettings.builder().set("pipeline.s3.access-key", "a").build().isGiven("pipeline.s3.access-key")).isTrue();
    }
}
