package routes.security;

import routes.config.S3Settings;
import routes.config.Setting;
import routes.s3.S3Clients;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.config.PipelineSettings;
import routes.local.EmbeddedS3;
import routes.local.LocalCertificates;
import routes.testing.TestPipelines;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The S3 server as {@code local --secure} runs it: HTTPS only; the pipeline trusts it through a configured trust store. */
class S3TlsIT {

    private static final String HOST = "127.0.0.1";
    private static Path dir;
    private static LocalCertificates tls;
    private static EmbeddedS3 s3;

    @BeforeAll
    static void startS3OverHttps() throws Exception {
        EmbeddedS3.useCompatibleSdkChecksumDefaults();
        dir = Files.createTempDirectory("event-pipeline-s3-tls-");
        tls = LocalCertificates.in(dir.resolve("tls"), HOST);
        s3 = new EmbeddedS3(HOST, TestPipelines.freePort(), dir.resolve("s3"), "event-logs", "tls", "tls-secret", tls);
        s3.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        PathUtils.deleteDirectory(dir);
    }

    @Test
    void thePipelinesClientWritesAndReadsOverHttpsTrustingTheConfiguredCa() {
        assertThat(s3.endpoint()).startsWith("https://");
        try (S3Client client = S3Clients.create(S3Settings.of(settings(tls.trustStore(), tls.storePasswordFile()).build()))) {
            client.putObject(b -> b.bucket("event-logs").key("events/tls-check"), RequestBody.fromString("over tls"));
            assertThat(client.getObjectAsBytes(b -> b.bucket("event-logs").key("events/tls-check")).asString(StandardCharsets.UTF_8))
                    .isEqualTo("over tls");
        }
    }

    @Test
    void aServerCertificateFromAnotherCaOrTheJvmRootsAloneIsRefused() {
        LocalCertificates other = LocalCertificates.in(dir.resolve("other-ca"), HOST);
        try (S3Client client = S3Clients.create(S3Settings.of(settings(other.trustStore(), other.storePasswordFile()).build()))) {
            assertThatThrownBy(() -> client.listObjectsV2(b -> b.bucket("event-logs")))
                    .hasRootCauseMessage("unable to find valid certification path to requested target");
        }
        try (S3Client client = S3Clients.create(S3Settings.of(settings(null, null).build()))) {
            assertThatThrownBy(() -> client.listObjectsV2(b -> b.bucket("event-logs")))
                    .hasRootCauseMessage("unable to find valid certification path to requested target");
        }
    }

    private static PipelineSettings.Builder settings(Path trustStore, Path passwordFile) {
        PipelineSettings.Builder builder = PipelineSettings.builder()
                .set(Setting.S3_ENDPOINT, s3.endpoint())
                .set(Setting.S3_ACCESS_KEY, "tls")
                .set(Setting.S3_SECRET_KEY, "tls-secret");
        if (trustStore != null) {
            builder.set(Setting.S3_SSL_TRUSTSTORE_LOCATION, trustStore.toString())
                    .set(Setting.S3_SSL_TRUSTSTORE_PASSWORD_FILE, passwordFile.toString());
        }
        return builder;
    }
}
