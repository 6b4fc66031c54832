package routes.monitor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.config.SettingsException;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** Which HTTP binds start: beyond loopback only with basic auth covering Jolokia. */
class HttpAccessTest {

    @ParameterizedTest(name = "{0} -> loopback {1}")
    @CsvSource({
            "127.0.0.1, true", "127.10.0.1, true", "localhost, true", "LOCALHOST, true", "::1, true", "[::1], true",
            "0:0:0:0:0:0:0:1, true",
            "0.0.0.0, false", "::, false", "[::], false", "10.0.0.5, false", "192.168.1.20, false",
            // names other than localhost are not resolved (what they resolve to may change): not loopback
            "pipeline.internal, false", "beef, false", "localhost.evil.example, false"})
    void onlyLoopbackLiteralsAndLocalhostCountAsLoopback(String host, boolean loopback) {
        assertThat(HttpAccess.isLoopback(host)).isEqualTo(loopback);
    }

    @ParameterizedTest(name = "auth-path {0} covers Jolokia: {1}")
    @CsvSource({"/observe/jolokia/*, true", "/observe/*, true", "/*, true", "/, true", "/observe/jol*, true",
            "/observe/metrics/*, false", "/observe/jolokia, false", "/status/*, false"})
    void theAuthPathMustCoverJolokia(String authPath, boolean covers) {
        assertThat(HttpAccess.covers(authPath, HttpAccess.JOLOKIA_PATH)).isEqualTo(covers);
    }

    @Test
    void aNonLoopbackBindWithoutAuthenticationIsRefusedInOneLineNamingTheSettings() {
        PipelineSettings open = PipelineSettings.builder().set(Setting.HTTP_HOST, "0.0.0.0").build();

        assertThatThrownBy(() -> HttpAccess.check(open)).isInstanceOf(SettingsException.class)
                .hasMessageContaining("PIPELINE_HTTP_HOST=0.0.0.0").hasMessageContaining("PIPELINE_HTTP_AUTH_USER")
                .hasMessageContaining("PIPELINE_HTTP_AUTH_PASSWORD").hasMessageContaining("PIPELINE_HTTP_AUTH_PASSWORD_FILE")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> HttpAccess.camelProperties(open)).isInstanceOf(SettingsException.class);
        assertThatNoException().isThrownBy(() -> HttpAccess.check(PipelineSettings.defaults()));
    }

    @Test
    void aNonLoopbackBindStartsWithBasicAuthOnJolokiaButNotWithAnAuthPathBesideIt() {
        PipelineSettings.Builder secured = PipelineSettings.builder().set(Setting.HTTP_HOST, "0.0.0.0")
                .set(Setting.HTTP_AUTH_USER, "operator").set(Setting.HTTP_AUTH_PASSWORD, "a-long-operator-password");
        assertThatNoException().isThrownBy(() -> HttpAccess.check(secured.build()));

        assertThatThrownBy(() -> HttpAccess.check(secured.set(Setting.HTTP_AUTH_PATH, "/observe/metrics/*").build()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("pipeline.http.auth-path=/observe/metrics/*").hasMessageContaining("/observe/jolokia");
    }

    @Test
    void aPasswordFileThatCannotBeReadIsRefusedAtStartNamingItsSetting(@TempDir Path dir) {
        assertThatThrownBy(() -> PipelineSettings.builder().set(Setting.HTTP_HOST, "0.0.0.0")
                .set(Setting.HTTP_AUTH_USER, "operator")
                .set(Setting.HTTP_AUTH_PASSWORD_FILE, dir.resolve("http-auth-password").toString()).build())
                .isInstanceOf(SettingsException.class).hasMessageContaining(Setting.HTTP_AUTH_PASSWORD_FILE);
    }
}
