package routes.monitor;

import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import routes.config.PipelineSettings;
import routes.config.Setting;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The management HTTP server as the pipeline starts it (camel-main, Jolokia, health) with {@link HttpAccess#guard},
 * asked over a real socket, so that the Host header is the one a browser would send.
 */
class ManagementServerGuardsTest {

    /** What a failing dependency's exception says: the health path must never serve it. */
    private static final String ERROR_TEXT = "FATAL: password authentication failed for user etl at db.internal:5439";

    private Main main;
    private int port;

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
    }

    @Test
    void healthServesNoExceptionTextOrStackTraceWhateverTheQueryAsks() throws Exception {
        start(PipelineSettings.builder().build());

        for (String path : new String[] {"/observe/health?exposureLevel=full&stackTrace=true&data=true",
                "/observe/health?stackTrace=true", "/observe/health/ready?exposureLevel=full&stackTrace=true"}) {
            Response health = get(path, "127.0.0.1:" + port, null);
            assertThat(health.status()).as(path).isEqualTo(503);
            assertThat(health.body()).as(path).contains("\"name\":\"warehouse\",\"status\":\"DOWN\",\"message\":\"failed: IllegalStateException\"")
                    .doesNotContain("password", "db.internal", "error-stacktrace", "error-message", "\tat ", "at routes.");
        }
        assertThat(get("/observe/health/live", "127.0.0.1:" + port, null).status()).as("liveness").isEqualTo(200);
    }

    @Test
    void aRequestNamingAHostThisServerDoesNotAnswerToIsRefusedOnEveryPathAsDnsRebindingWouldSendIt() throws Exception {
        start(PipelineSettings.builder().set(Setting.HTTP_ALLOWED_HOSTS, "pipeline.example.internal").build());

        // a page on rebind.evil.example, whose name now resolves to 127.0.0.1: a plain GET, no Origin, no Referer
        Response rebound = get("/observe/jolokia/version", "rebind.evil.example:" + port, null);
        assertThat(rebound.status()).isEqualTo(403);
        assertThat(rebound.body()).doesNotContain("\"agent\"");
        assertThat(get("/observe/health", "rebind.evil.example:" + port, null).status()).isEqualTo(403);
        assertThat(get("/observe/metrics", "localhost.evil.example", null).status()).isEqualTo(403);

        for (String host : new String[] {"localhost:" + port, "127.0.0.1:" + port, "LOCALHOST.", "[::1]:" + port,
                "pipeline.example.internal:" + port, "10.1.2.3:" + port}) {
            Response own = get("/observe/jolokia/version", host, null);
            assertThat(own.status()).as(host).isEqualTo(200);
            assertThat(own.body()).as(host).contains("\"agent\"");
        }
    }

    @Test
    void withAuthenticationOnEveryPathTheHealthPathsStillAskForCredentials() throws Exception {
        String password = "op-" + java.util.UUID.randomUUID();
        start(PipelineSettings.builder().set(Setting.HTTP_AUTH_USER, "operator").set(Setting.HTTP_AUTH_PASSWORD, password)
                .set(Setting.HTTP_AUTH_PATH, "/*").build());

        assertThat(get("/observe/health", "127.0.0.1:" + port, null).status()).isEqualTo(401);
        assertThat(get("/observe/health/ready", "127.0.0.1:" + port, null).status()).isEqualTo(401);
        Response authenticated = get("/observe/health/live", "127.0.0.1:" + port, "operator:" + password);
        assertThat(authenticated.status()).isEqualTo(200);
    }

    /** camel-main with the management server only (no routes), one failing readiness check, then the guards. */
    private void start(PipelineSettings settings) throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Properties properties = new Properties();
        properties.setProperty("camel.main.name", "guards-test");
        properties.setProperty("camel.main.routes-include-pattern", "classpath:no-routes-here/*.yaml");
        properties.setProperty("camel.management.enabled", "true");
        properties.setProperty("camel.management.host", "127.0.0.1");
        properties.setProperty("camel.management.port", Integer.toString(port));
        properties.setProperty("camel.management.health-check-enabled", "true");
        properties.setProperty("camel.management.jolokia-enabled", "true");
        properties.setProperty("camel.management.metrics-enabled", "true");
        properties.putAll(HttpAccess.camelProperties(settings));
        main = new Main();
        main.setOverrideProperties(properties);
        main.start();
        DependencyHealthCheck failing = new DependencyHealthCheck("warehouse", () -> {
            throw new IllegalStateException(ERROR_TEXT, new IOException(ERROR_TEXT));
        }, Duration.ofSeconds(2));
        failing.setCamelContext(main.getCamelContext());
        HealthCheckRegistry.get(main.getCamelContext()).register(failing);
        HttpAccess.guard(main.getCamelContext(), settings);
    }

    private record Response(int status, String body) {
    }

    /** HTTP/1.0 over a socket: the Host header as given (Java's HttpClient will not send a chosen one). */
    private Response get(String path, String host, String credentials) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\n");
            if (credentials != null) {
                request.append("Authorization: Basic ")
                        .append(Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(response.indexOf(' ') + 1, response.indexOf(' ') + 4));
            int bodyStart = response.indexOf("\r\n\r\n");
            return new Response(status, bodyStart < 0 ? "" : response.substring(bodyStart + 4));
        }
    }
}
