package routes.status;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import routes.PipelineRuntime;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.testing.EmbeddedServices;
import routes.testing.TestPipelines;
import routes.testing.TestPipelines.Namespace;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The status page follows the /observe server's auth settings: open like health by default, closed under auth-path=/*. */
@ExtendWith(EmbeddedServices.class)
class StatusAccessIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final List<String> PATHS = List.of("/", StatusHttp.JSON_PATH, "/status/status.js", "/status/charts.js",
            "/status/uPlot.iife.min.js");

    @Test
    void withAuthOnEveryPathThePageAndItsDataAskForCredentials() throws Exception {
        String password = "op-" + UUID.randomUUID();
        PipelineSettings secured = settings().set(Setting.HTTP_AUTH_USER, "operator")
                .set(Setting.HTTP_AUTH_PASSWORD, password).set(Setting.HTTP_AUTH_PATH, "/*").build();
        try (PipelineRuntime ignored = PipelineRuntime.start(secured)) {
            for (String path : PATHS) {
                assertThat(get(secured, path, null).statusCode()).as(path).isEqualTo(401);
                assertThat(get(secured, path, "operator:wrong-password").statusCode()).as(path).isEqualTo(401);
                assertThat(get(secured, path, "operator:" + password).statusCode()).as(path).isEqualTo(200);
            }
        }
    }

    @Test
    void byDefaultThePageIsOpenLikeHealthAndServesNothingElseFromTheClasspath() throws Exception {
        PipelineSettings open = settings().build();
        try (PipelineRuntime ignored = PipelineRuntime.start(open)) {
            for (String path : PATHS) {
                assertThat(get(open, path, null).statusCode()).as(path).isEqualTo(200);
            }
            assertThat(get(open, StatusHttp.JSON_PATH, null).headers().firstValue("Content-Type")).hasValue("application/json");
            for (String path : List.of("/status/", "/status/../application.properties", "/application.properties",
                    "/status/index.html", "/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.min.css")) {
                assertThat(get(open, path, null).statusCode()).as(path).isEqualTo(404);
            }
        }
    }

    private static PipelineSettings.Builder settings() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(1);
        return TestPipelines.settings(ns);
    }

    private static HttpResponse<String> get(PipelineSettings settings, String path, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + settings.get(Setting.HTTP_PORT) + path))
                .timeout(Duration.ofSeconds(15));
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
