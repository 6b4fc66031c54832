package routes.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineSettingsTest {

    @Test
    void defaultsPointAtTheLocalServicesOfTheContract() {
        PipelineSettings settings = PipelineSettings.defaults();
        assertThat(settings.get("pipeline.kafka.bootstrap-servers")).isEqualTo("127.0.0.1:9092");
        assertThat(settings.get("pipeline.s3.bucket")).isEqualTo("event-logs");
        assertThat(settings.get("pipeline.warehouse.jdbc-url")).isEqualTo("jdbc:postgresql://127.0.0.1:5433/events");
        assertThat(settings.getInt("pipeline.http.port")).isEqualTo(8080);
    }

    @Test
    void environmentOverridesDefaultsAndArgumentsOverrideEnvironment() {
        PipelineSettings settings = PipelineSettings.builder()
                .environment(Map.of("PIPELINE_S3_BUCKET", "from-env", "PIPELINE_KAFKA_BOOTSTRAP_SERVERS", "k:1"))
                .set("pipeline.s3.bucket", "from-arg")
                .build();
        assertThat(settings.get("pipeline.s3.bucket")).isEqualTo("from-arg");
        assertThat(settings.get("pipeline.kafka.bootstrap-servers")).isEqualTo("k:1");
    }

    @Test
    void localProfileShortensTheWindows() {
        PipelineSettings settings = PipelineSettings.builder().profile("local").build();
        assertThat(settings.getLong("pipeline.batch.max-age-ms")).isEqualTo(10_000);
        assertThat(settings.getLong("pipeline.load.window-ms")).isEqualTo(5_000);
    }

    @Test
    void unknownPipelineSettingIsRefusedNamingIt() {
        assertThatThrownBy(() -> PipelineSettings.builder().set("pipeline.s3.buckett", "x"))
                .hasMessageContaining("pipeline.s3.buckett");
    }

    /**
     * The field names are the contract's (docs/configuration.md, "Event field names"): the stager, the
     * Redshift SUPER paths and reconcile read them fixed, so a rename accepted here failed every load.
     */
    @ParameterizedTest
    @ValueSource(strings = {"pipeline.event.field.id", "pipeline.event.field.key", "pipeline.event.field.occurred-at"})
    void renamingAnEventFieldIsRefusedAsAnUnknownSetting(String key) {
        assertThatThrownBy(() -> PipelineSettings.builder().set(key, "renamed"))
                .hasMessageContaining("unknown setting " + key);
        assertThatThrownBy(() -> PipelineSettings.builder().overrideAll(java.util.Map.of(key, "renamed"), "file x"))
                .hasMessageContaining("unknown setting " + key);
    }

    @Test
    void anInvalidValueFailsAtBuildNamingTheKeyTheValueAndTheAllowedRange() {
        assertThatThrownBy(() -> PipelineSettings.builder().set("pipeline.batch.gzip-level", "12").build())
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("pipeline.batch.gzip-level").hasMessageContaining("12")
                .hasMessageContaining("allowed: [1,...,9]").hasMessageContaining("PIPELINE_BATCH_GZIP_LEVEL");
        assertThatThrownBy(() -> PipelineSettings.builder().set("pipeline.kafka.consumers", "two").build())
                .hasMessageContaining("pipeline.kafka.consumers").hasMessageContaining("two");
        assertThatThrownBy(() -> PipelineSettings.builder().set("pipeline.s3.prefix", "Events").build())
                .hasMessageContaining("pipeline.s3.prefix").hasMessageContaining("ending in '/'");
    }

    @Test
    void everyInvalidValueIsNamedAtOnce() {
        assertThatThrownBy(() -> PipelineSettings.builder().set("pipeline.batch.gzip-level", "0")
                .set("pipeline.warehouse.dialect", "oracle").set("pipeline.role.loader", "maybe").build())
                .hasMessageStartingWith("3 settings are invalid")
                .hasMessageContaining("pipeline.batch.gzip-level").hasMessageContaining("pipeline.warehouse.dialect")
                .hasMessageContaining("pipeline.role.loader");
    }

    @Test
    void aBucketTheLoaderWouldRefuseStopsTheProcessAtStartNamingTheSetting() {
        assertThatThrownBy(() -> PipelineSettings.builder().set(Setting.S3_BUCKET, "Event_Logs").build())
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining(Setting.S3_BUCKET).hasMessageContaining("Event_Logs")
                .hasMessageContaining("PIPELINE_S3_BUCKET").hasMessageContaining("3-63 characters");
        assertThat(PipelineSettings.builder().set(Setting.S3_BUCKET, "acme-event-logs").build().get(Setting.S3_BUCKET))
                .isEqualTo("acme-event-logs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pipeline.warehouse.password-file", "pipeline.sanitize.hmac-key-file",
            "pipeline.kafka.sasl-password-file", "pipeline.http.auth-password-file"})
    void anUnreadableSecretFileStopsTheProcessAtStartNamingTheSetting(String key, @TempDir Path dir) throws Exception {
        Path absent = dir.resolve("absent");

        assertThatThrownBy(() -> PipelineSettings.builder().set(key, absent.toString()).build())
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining(key).hasMessageContaining(PipelineSettings.environmentName(key))
                .hasMessageContaining("readable file");
        assertThatThrownBy(() -> PipelineSettings.builder().set(key, dir.toString()).build())
                .as("a directory is not a secret file").hasMessageContaining(key);
        Path present = Files.writeString(dir.resolve("secret"), "s".repeat(Setting.HMAC_KEY_MIN_BYTES));
        assertThat(PipelineSettings.builder().set(key, present.toString()).build().get(key)).isEqualTo(present.toString());
    }

    @Test
    void environmentNameFollowsTheContract() {
        assertThat(PipelineSettings.environmentName("pipeline.kafka.bootstrap-servers")).isEqualTo("PIPELINE_KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void anHmacKeyShorterThanTheHashOutputIsRefusedWithoutShowingIt() {
        String short31 = "k".repeat(Setting.HMAC_KEY_MIN_BYTES - 1);

        assertThatThrownBy(() -> PipelineSettings.builder().set(Setting.SANITIZE_HMAC_KEY, short31).build())
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining(Setting.SANITIZE_HMAC_KEY).hasMessageContaining("at least 32 bytes")
                .hasMessageContaining("PIPELINE_SANITIZE_HMAC_KEY").hasMessageNotContaining(short31);
        assertThat(PipelineSettings.builder().set(Setting.SANITIZE_HMAC_KEY, short31 + "k").build()
                .secret(Setting.SANITIZE_HMAC_KEY)).hasSize(32);
        // local mode's development key satisfies the same rule
        assertThat(PipelineSettings.builder().profile("local").build().secret(Setting.SANITIZE_HMAC_KEY)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeGreaterThanOrEqualTo(Setting.HMAC_KEY_MIN_BYTES);
    }

    @Test
    void onRedshiftAnEventLimitOverCopysFourMegabytesIsRefusedAtStartNamingTheSetting() {
        assertThatThrownBy(() -> PipelineSettings.builder().set("pipeline.warehouse.dialect", "Redshift")
                .set("pipeline.event.max-bytes", "4000001").build())
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("pipeline.event.max-bytes").hasMessageContaining("4000001")
                .hasMessageContaining("at most 4000000").hasMessageContaining("PIPELINE_EVENT_MAX_BYTES");
        assertThat(PipelineSettings.builder().set("pipeline.warehouse.dialect", "redshift")
                .set("pipeline.event.max-bytes", "4000000").build().getInt("pipeline.event.max-bytes")).isEqualTo(4_000_000);
        assertThat(PipelineSettings.builder().set("pipeline.warehouse.dialect", "postgresql")
                .set("pipeline.event.max-bytes", "8000000").build().getInt("pipeline.event.max-bytes")).isEqualTo(8_000_000);
    }

    /** Case-insensitive choices become their declared spelling once, so no reader compares two spellings. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}={1} -> {2}")
    @org.junit.jupiter.params.provider.CsvSource({
            "pipeline.warehouse.dialect, Redshift, redshift",
            "pipeline.warehouse.dialect, POSTGRESQL, postgresql",
            "pipeline.kafka.sasl-mechanism, scram-sha-512, SCRAM-SHA-512",
            "pipeline.kafka.security-protocol, sasl_ssl, SASL_SSL",
            "pipeline.reconcile.legacy.payload-type, SUPER, super"})
    void aCaseInsensitiveChoiceIsNormalisedToItsDeclaredSpelling(String key, String given, String normalised) {
        PipelineSettings settings = PipelineSettings.builder().set(key, given).build();

        assertThat(settings.get(key)).isEqualTo(normalised);
        assertThat(settings.asProperties().getProperty(key)).as("what routes.yaml's placeholders see").isEqualTo(normalised);
    }
}
