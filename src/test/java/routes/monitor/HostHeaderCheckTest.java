package routes.monitor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which Host headers the HTTP server answers: one row per header, with pipeline.http.allowed-hosts=pipeline.internal. */
class HostHeaderCheckTest {

    private final HostHeaderCheck check = HostHeaderCheck.of(" pipeline.internal , Other-Name.example ");

    @ParameterizedTest(name = "Host: {0} -> {1}")
    @CsvSource(nullValues = "-", value = {
            // loopback names and IP literals: no name was resolved, so no rebinding
            "localhost:8080, true", "localhost, true", "LocalHost., true", "127.0.0.1:8080, true", "[::1]:8080, true",
            "10.1.2.3:8080, true", "[fe80::1]:8080, true",
            // configured names
            "pipeline.internal:8080, true", "other-name.example, true",
            // no Host at all (HTTP/1.0 clients; browsers always send one)
            "-, true",
            // names an attacker's DNS can point here
            "evil.example:8080, false", "localhost.evil.example, false", "127.0.0.1.evil.example:8080, false",
            "pipeline.internal.evil.example, false", "'', false", "2130706433, false"})
    void answersLoopbackNamesIpLiteralsAndConfiguredNamesOnly(String host, boolean allowed) {
        assertThat(check.allowsHostHeader(host)).isEqualTo(allowed);
    }
}
