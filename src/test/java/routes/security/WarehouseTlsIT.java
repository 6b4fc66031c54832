package routes.security;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.local.EmbeddedWarehouse;
import routes.local.LocalCertificates;
import routes.testing.TestPipelines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PostgreSQL as {@code local --secure} runs it: ssl=on with the generated certificate, the pipeline on verify-full. */
class WarehouseTlsIT {

    private static final String HOST = "127.0.0.1";
    private static Path dir;
    private static EmbeddedWarehouse warehouse;

    @BeforeAll
    static void startPostgresWithTls() throws Exception {
        dir = Files.createTempDirectory("event-pipeline-warehouse-tls-");
        LocalCertificates tls = LocalCertificates.in(dir.resolve("tls"), HOST);
        warehouse = new EmbeddedWarehouse(HOST, TestPipelines.freePort(), dir.resolve("postgres"), "events", "events-password", "events", tls);
        warehouse.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (warehouse != null) {
            warehouse.close();
        }
        org.apache.commons.io.file.PathUtils.deleteDirectory(dir);
    }

    @Test
    void thePipelinesUrlIsEncryptedWithTheCertificateAndHostVerified() throws Exception {
        assertThat(warehouse.jdbcUrl()).contains("sslmode=verify-full").contains("sslrootcert=");
        try (Connection c = DriverManager.getConnection(warehouse.jdbcUrl(), "events", "events-password");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean("ssl")).isTrue();
            assertThat(rs.getString("version")).startsWith("TLSv1.");
        }
    }

    @Test
    void aServerCertificateFromAnotherCaIsRefusedWithoutFallingBackToPlaintext() {
        LocalCertificates other = LocalCertificates.in(dir.resolve("other-ca"), HOST);
        String url = warehouse.jdbcUrl().replaceAll("sslrootcert=[^&]*", "sslrootcert=" + other.caPem().toAbsolutePath());
        assertThatThrownBy(() -> DriverManager.getConnection(url, "events", "events-password").close())
                .hasMessageContaining("SSL error")
                .rootCause().hasMessageContaining("unable to find valid certification path");
    }
}
