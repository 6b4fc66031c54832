package routes.monitor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which browser requests reach Jolokia: one row per Origin / Referer / Sec-Fetch-Site combination. */
class JolokiaOriginCheckTest {

    @ParameterizedTest(name = "Origin={0} Referer={1} Sec-Fetch-Site={2} -> {3}")
    @CsvSource(nullValues = "-", value = {
            // no browser marks: curl, scrapers, Hawtio's server-side proxy
            "-,                               -,                                 -,           true",
            // pages on this host's loopback (Hawtio at http://localhost:8090, Jolokia's own origin)
            "http://localhost:8090,           -,                                 same-origin, true",
            "http://127.0.0.1:8080,           -,                                 -,           true",
            "http://[::1]:8090,               -,                                 -,           true",
            "-,                               http://localhost:8090/hawtio/jmx,  -,           true",
            "-,                               -,                                 none,        true",
            // a page from anywhere else
            "https://evil.example,            -,                                 -,           false",
            "http://evil.example:8080,        -,                                 cross-site,  false",
            "http://localhost.evil.example,   -,                                 -,           false",
            "http://127.0.0.1.evil.example,   -,                                 -,           false",
            "null,                            -,                                 -,           false",
            "file://,                         -,                                 -,           false",
            "-,                               https://evil.example/page?x=1,     -,           false",
            "-,                               -,                                 cross-site,  false",
            "http://localhost:8090,           -,                                 cross-site,  false",
            "http://localhost:8090,           https://evil.example/,             -,           true"})
    void browserRequestsPassOnlyFromThisHostsLoopback(String origin, String referer, String fetchSite, boolean allowed) {
        assertThat(JolokiaOriginCheck.allowed(HostHeaderCheck.of(""), origin, referer, fetchSite)).isEqualTo(allowed);
    }
}
