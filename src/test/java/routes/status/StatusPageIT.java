package routes.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.testing.HeadlessChromium;
import routes.testing.PipelineProcess;
import routes.testing.TestPipelines;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The status page of a running `local`, as a browser shows it: headless Chromium loads it from the jar's HTTP
 * server with no console message and no failed resource, and the flow shows the generated events counted.
 * {@code -Dstatus.screenshot.write=true} also refreshes docs/status-page.png.
 */
class StatusPageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void statusPageShowsTheGeneratedEventsFlowingWithNoConsoleErrors(@TempDir Path work) throws Exception {
        Optional<HeadlessChromium> browser = HeadlessChromium.find(work);
        assumeThat(browser).as(HeadlessChromium.MISSING).isPresent();
        int port = TestPipelines.freePort();
        String base = "http://127.0.0.1:" + port;
        List<String> command = List.of("local", "--rate", "300",
                "--pipeline.local.kafka-port=" + TestPipelines.freePort(),
                "--pipeline.local.kafka-controller-port=" + TestPipelines.freePort(),
                "--pipeline.local.s3-port=" + TestPipelines.freePort(),
                "--pipeline.local.postgres-port=" + TestPipelines.freePort(),
                "--pipeline.http.port=" + port);
        try (PipelineProcess local = PipelineProcess.start(command, work.resolve("local.log"))) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> status(base).map(s -> s.at("/totals/rowsLoaded").asLong()).orElse(0L) > 0);
            JsonNode status = status(base).orElseThrow();
            assertThat(status.at("/totals/eventsIn").asLong()).isPositive();
            assertThat(status.at("/rates/eventsIn").asDouble()).isPositive();
            assertThat(status.at("/history/t").size()).isGreaterThan(1);
            assertThat(status.at("/recentBatches").size()).isPositive();
            assertThat(status.at("/lastLoads/0/table").asText()).isEqualTo("public.events");
            assertThat(status.at("/fieldChanges/recent").isArray()).as("field changes served").isTrue();

            HeadlessChromium.Result page = browser.get().dumpDom(base + "/", 5_000);

            assertThat(page.consoleMessages()).as("console of the page").isEmpty();
            assertThat(page.dom()).as("failed resources or exceptions").doesNotContain("data-errors");
            assertThat(attribute(page.dom(), "data-updates")).as("status polls drawn").isPositive();
            assertThat(attribute(page.dom(), "data-events-in")).as("events counted on the page").isPositive();
            assertThat(page.dom()).contains("events/s").contains("rows/s").contains("uplot");
            assertThat(page.dom()).as("field changes panel drawn").contains("Field changes")
                    .containsPattern("<table id=\"fieldChanges\">.*<tbody><tr>");

            Path png = work.resolve("status-page.png");
            browser.get().screenshot(base + "/", 5_000, png, "1280,1500");
            byte[] image = Files.readAllBytes(png);
            assertThat(image).startsWith(0x89, 'P', 'N', 'G');
            assertThat(image.length).as("a rendered page, not a blank one").isGreaterThan(50_000);
            if (Boolean.getBoolean("status.screenshot.write")) {
                Files.copy(png, Path.of("docs/status-page.png"), StandardCopyOption.REPLACE_EXISTING);
            }
            assertThat(local.stop()).as("exit code after SIGTERM").isZero();
        }
    }

    private Optional<JsonNode> status(String base) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + StatusHttp.JSON_PATH))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static long attribute(String dom, String name) {
        Matcher m = Pattern.compile(name + "=\"(\\d+)\"").matcher(dom);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
