package routes.preflight;

import org.junit.jupiter.api.Test;
import routes.config.PipelineSettings;
import routes.config.Setting;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigurationCheckTest {

    private static final String IAM_URL = "jdbc:redshift:iam://events.abc123xyz789.us-east-1.redshift.amazonaws.com:5439/dev";

    private static PipelineSettings.Builder production() {
        return withoutPassword().set(Setting.WAREHOUSE_PASSWORD, "p");
    }

    private static PipelineSettings.Builder withoutPassword() {
        return PipelineSettings.builder()
                .set(Setting.KAFKA_BOOTSTRAP_SERVERS, "kafka-1.internal:9092")
                .set(Setting.S3_BUCKET, "acme-event-logs")
                .set(Setting.S3_ENDPOINT, "")
                .set(Setting.WAREHOUSE_DIALECT, "redshift")
                .set(Setting.SANITIZE_HMAC_KEY, "test-hmac-key-of-at-least-32-bytes")
                .set(Setting.WAREHOUSE_JDBC_URL, "jdbc:redshift://cluster.example:5439/dev")
                .set(Setting.WAREHOUSE_USER, "loader")
                .set(Setting.VIEWS_ENABLED, "true")
                .set(Setting.WAREHOUSE_IAM_ROLE, "arn:aws:iam::111122223333:role/redshift-copy");
    }

    @Test
    void localDefaultsAreReportedAsWhatRunWouldRefuseNamingEachSettingByItsEnvironmentName() {
        CheckResult line = new ConfigurationCheck(PipelineSettings.defaults(), PreflightRole.all, null).runRequirements();

        assertThat(line.status()).isEqualTo(CheckStatus.WARN);
        assertThat(line.saw()).startsWith("run would refuse to start")
                .contains("PIPELINE_KAFKA_BOOTSTRAP_SERVERS", "PIPELINE_S3_BUCKET", "PIPELINE_WAREHOUSE_DIALECT",
                        "PIPELINE_SANITIZE_HMAC_KEY", "PIPELINE_WAREHOUSE_JDBC_URL");
    }

    @Test
    void aBatcherHostIsNotAskedForTheWarehouseConnection() {
        PipelineSettings settings = production().build();
        PipelineSettings withoutWarehouse = PipelineSettings.builder()
                .set(Setting.KAFKA_BOOTSTRAP_SERVERS, settings.get(Setting.KAFKA_BOOTSTRAP_SERVERS))
                .set(Setting.S3_BUCKET, "acme-event-logs").set(Setting.S3_ENDPOINT, "")
                .set(Setting.WAREHOUSE_DIALECT, "redshift").set(Setting.SANITIZE_HMAC_KEY, "test-hmac-key-of-at-least-32-bytes").build();

        assertThat(new ConfigurationCheck(withoutWarehouse, PreflightRole.batcher, null).runRequirements().status())
                .isEqualTo(CheckStatus.PASS);
        assertThat(new ConfigurationCheck(withoutWarehouse, PreflightRole.loader, null).runRequirements().saw())
                .contains("PIPELINE_WAREHOUSE_JDBC_URL").doesNotContain("HMAC");
    }

    @Test
    void givenSettingsPassAndAGivenEndpointOnThisMachineIsStillAWarning() {
        ConfigurationCheck given = new ConfigurationCheck(production().build(), PreflightRole.all, null);
        assertThat(given.runRequirements().status()).isEqualTo(CheckStatus.PASS);
        assertThat(given.endpoints().status()).isEqualTo(CheckStatus.PASS);

        PipelineSettings local = production().set(Setting.S3_ENDPOINT, "http://localhost:9000").build();
        CheckResult endpoints = new ConfigurationCheck(local, PreflightRole.all, null).endpoints();
        assertThat(endpoints.status()).isEqualTo(CheckStatus.WARN);
        assertThat(endpoints.saw()).contains(Setting.S3_ENDPOINT).doesNotContain(Setting.KAFKA_BOOTSTRAP_SERVERS);
    }

    @Test
    void anIamUrlNeedsNoPasswordButTheDriversAwsSdkClasses() {
        PipelineSettings iam = withoutPassword().set(Setting.WAREHOUSE_JDBC_URL, IAM_URL).build();
        ConfigurationCheck check = new ConfigurationCheck(iam, PreflightRole.loader, null);

        assertThat(check.runRequirements().status()).isEqualTo(CheckStatus.PASS);
        assertThat(check.secrets().status()).isEqualTo(CheckStatus.PASS);
        assertThat(check.secrets().saw()).doesNotContain(Setting.WAREHOUSE_PASSWORD);
        assertThat(check.warehouse().status()).isEqualTo(CheckStatus.PASS);
        assertThat(check.warehouse().saw()).contains("IAM authentication");

        CheckResult withoutSdk = new ConfigurationCheck(iam, PreflightRole.loader, null,
                new java.net.URLClassLoader(new java.net.URL[0], null)).warehouse();
        assertThat(withoutSdk.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(withoutSdk.saw()).contains("software.amazon.awssdk.services.redshift.RedshiftClient");
    }

    @Test
    void neitherAPasswordNorAnIamUrlIsNamedAsWhatRunWouldRefuse() {
        CheckResult line = new ConfigurationCheck(withoutPassword().build(), PreflightRole.loader, null).runRequirements();

        assertThat(line.status()).isEqualTo(CheckStatus.WARN);
        assertThat(line.saw()).contains("PIPELINE_WAREHOUSE_PASSWORD or PIPELINE_WAREHOUSE_PASSWORD_FILE", "jdbc:redshift:iam://");
    }
}
