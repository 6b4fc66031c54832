package routes.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class S3SettingsTest {

    @Test
    void typedOnceFromTheSettingsAndTheSecretKeyNeverPrinted() {
        S3Settings s3 = S3Settings.of(PipelineSettings.builder().set(Setting.S3_PREFIX, "raw/v2/")
                .set(Setting.S3_ACCESS_KEY, "AKIA-test").set(Setting.S3_SECRET_KEY, "very-secret-value").build());
        assertThat(s3.layout().prefix()).isEqualTo("raw/v2/");
        assertThat(s3.partSizeBytes()).isEqualTo(26_214_400L);
        assertThat(s3.secretKey()).isEqualTo("very-secret-value");
        assertThat(s3.toString()).contains("raw/v2/", "AKIA-test").doesNotContain("very-secret-value");
    }
}
