package routes.config;

import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.security.auth.login.AppConfigurationEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaClientSecurityTest {

    @TempDir
    Path dir;

    @Test
    void defaultsArePlaintextAndNothingElse() {
        assertThat(KafkaClientSecurity.from(PipelineSettings.defaults()).applyTo(new HashMap<>()))
                .containsExactly(Map.entry("security.protocol", "PLAINTEXT"));
    }

    @Test
    void scramOverTlsTakesThePasswordsFromFilesAndReplacesWhatAClientHad() throws Exception {
        Path password = Files.writeString(dir.resolve("sasl"), "s3cret-\"quoted\"\\back\n");
        Path storePassword = Files.writeString(dir.resolve("store"), "store-pass\n");
        PipelineSettings settings = PipelineSettings.builder()
                .set(Setting.KAFKA_SECURITY_PROTOCOL, "SASL_SSL")
                .set(Setting.KAFKA_SASL_MECHANISM, "SCRAM-SHA-512")
                .set(Setting.KAFKA_SASL_USERNAME, "event-batcher")
                .set(Setting.KAFKA_SASL_PASSWORD_FILE, password.toString())
                .set(Setting.KAFKA_SSL_TRUSTSTORE_LOCATION, "/etc/pipeline/ca.p12")
                .set(Setting.KAFKA_SSL_TRUSTSTORE_PASSWORD_FILE, storePassword.toString())
                .build();
        Properties client = new Properties();
        client.put("security.protocol", "PLAINTEXT"); // what a routes file's endpoint might still say
        KafkaClientSecurity security = KafkaClientSecurity.from(settings);
        security.applyTo(client);

        assertThat(client).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/pipeline/ca.p12").containsEntry("ssl.truststore.type", "PKCS12")
                .containsEntry("ssl.truststore.password", "store-pass");
        // Kafka's own JAAS parser reads back the username and the password with its quote and backslash
        AppConfigurationEntry entry = JaasContext.loadClientContext(
                Map.of("sasl.jaas.config", new Password((String) client.get("sasl.jaas.config")))).configurationEntries().get(0);
        assertThat(entry.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
        assertThat(entry.getOptions().get("username")).isEqualTo("event-batcher");
        assertThat(entry.getOptions().get("password")).isEqualTo("s3cret-\"quoted\"\\back");
        assertThat(security.toString()).contains("SASL_SSL", "SCRAM-SHA-512", "event-batcher", "/etc/pipeline/ca.p12")
                .doesNotContain("s3cret").doesNotContain("store-pass");
    }

    @Test
    void mskIamNeedsNoCredentialsAndFindsItsLoginModuleInTheBuild() throws Exception {
        PipelineSettings settings = PipelineSettings.builder()
                .set(Setting.KAFKA_SECURITY_PROTOCOL, "SASL_SSL")
                .set(Setting.KAFKA_SASL_MECHANISM, "AWS_MSK_IAM").build();
        Map<String, Object> client = KafkaClientSecurity.from(settings).applyTo(new HashMap<>());
        assertThat(client).containsEntry("sasl.mechanism", "AWS_MSK_IAM")
                .containsEntry("sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;")
                .containsEntry("sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
        Class.forName((String) client.get("sasl.client.callback.handler.class"));
    }

    @ParameterizedTest(name = "{0}={1}, {2}={3} -> {4}")
    @CsvSource(delimiter = '|', value = {
            "pipeline.kafka.security-protocol | SASL_SSL  | pipeline.kafka.sasl-username | x | needs pipeline.kafka.sasl-mechanism",
            "pipeline.kafka.security-protocol | TLS       | pipeline.kafka.sasl-username | x | must be one of",
            "pipeline.kafka.sasl-mechanism | SCRAM-SHA-512 | pipeline.kafka.security-protocol | SSL | use SASL_SSL",
            "pipeline.kafka.sasl-mechanism | GSSAPI | pipeline.kafka.security-protocol | SASL_SSL | must be one of",
            "pipeline.kafka.sasl-mechanism | SCRAM-SHA-512 | pipeline.kafka.security-protocol | SASL_SSL | needs pipeline.kafka.sasl-username and pipeline.kafka.sasl-password",
            "pipeline.kafka.ssl-truststore-location | /ca.p12 | pipeline.kafka.security-protocol | PLAINTEXT | does not use TLS",
            "camel.component.kafka.sasl-jaas-config | x | pipeline.kafka.security-protocol | PLAINTEXT | routes' Kafka clients only",
            "camel.component.kafka.securityProtocol | SSL | pipeline.kafka.security-protocol | PLAINTEXT | routes' Kafka clients only",
            "camel.component.kafka.additional-properties[sasl.client.callback.handler.class] | x | pipeline.kafka.security-protocol | PLAINTEXT | routes' Kafka clients only"})
    void settingsThatWouldBeIgnoredOrIncompleteFailTheStart(String key, String value, String otherKey, String otherValue, String message) {
        // a value outside the declared choices fails when the settings are built, the rest when the clients are
        assertThatThrownBy(() -> KafkaClientSecurity.from(PipelineSettings.builder().set(key, value).set(otherKey, otherValue).build()))
                .hasMessageContaining(message);
    }

    @Test
    void aLineBreakInACredentialIsRefusedRatherThanWrittenIntoTheJaasLine() {
        assertThatThrownBy(() -> KafkaClientSecurity.jaasQuoted("a\nb")).hasMessageContaining("line break");
    }
}
