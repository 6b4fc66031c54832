package routes.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.shutdown.StopDeadline;
import routes.testing.EmbeddedServices;
import routes.testing.PipelineProcess;
import routes.testing.TestEvents;
import routes.testing.TestPipelines;
import routes.testing.TestPipelines.Namespace;
import routes.testing.Warehouse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM with 10,000 open groups: the production jar flushes for pipeline.shutdown.flush-timeout-ms, abandons
 * the rest in one line, exits 0 within the bound, and after a restart every event is in the table once.
 */
@ExtendWith(EmbeddedServices.class)
class BoundedStopIT {

    private static final int EVENTS = 10_000;
    private static final long FLUSH_TIMEOUT_MS = 5_000;
    private static final Pattern CONSUMED = Pattern.compile("(?m)^pipeline_events_consumed_total(?:\\{[^}]*})? ([0-9.E+]+)");

    @Test
    void sigtermWithTenThousandOpenGroupsExitsWithinTheBoundAndRestartLoadsEveryEventOnce() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(6);
        EmbeddedServices.produce(ns.events(), TestEvents.events(EVENTS, EVENTS));
        PipelineSettings.Builder settings = TestPipelines.settings(ns)
                .set(Setting.SHUTDOWN_FLUSH_TIMEOUT_MS, Long.toString(FLUSH_TIMEOUT_MS))
                .set(Setting.LOAD_MAX_BATCHES, "1000")
                // 10,000 one-event objects: more writers keep the restart's catch-up well under two minutes
                .set(Setting.BATCH_WRITER_THREADS, "16");
        List<String> keys = new ArrayList<>(SlimJarIT.connectionKeys());
        keys.addAll(List.of(Setting.SHUTDOWN_FLUSH_TIMEOUT_MS, Setting.LOAD_MAX_BATCHES, Setting.BATCH_WRITER_THREADS));

        // Groups never complete by age: when every event is consumed, 10,000 groups are open.
        PipelineSettings open = settings.set(Setting.BATCH_MAX_AGE_MS, "600000").build();
        try (PipelineProcess run = PipelineProcess.start(PipelineProcess.RUN_JAR, List.of("run"), open, keys)) {
            String metrics = "http://127.0.0.1:" + open.get(Setting.HTTP_PORT) + "/observe/metrics";
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> consumed(metrics) >= EVENTS);
            int before = run.output().length();

            long started = System.nanoTime();
            int exit = run.stop();
            long stopMillis = (System.nanoTime() - started) / 1_000_000;
            String stopLog = run.outputSince(before);
            System.out.printf("bounded stop: %d ms, exit %d, %s%n", stopMillis, exit, summaryLine(stopLog));

            assertThat(exit).as("exit code").isZero();
            assertThat(stopMillis).as("stop time in ms").isLessThan(FLUSH_TIMEOUT_MS + StopDeadline.AFTER_FLUSH.toMillis());
            assertThat(stopLog.lines().filter(l -> l.contains("abandoned batches="))).as("summary lines").hasSize(1);
            assertThat(stopLog).as("no stack trace per batch").doesNotContain("\tat ", "Exception");
            assertThat(stopLog.lines().filter(l -> l.contains(" WARN ")).count()).as("WARN lines").isLessThan(10);
        }

        // Restarted with the usual window: the abandoned events come back, and none is loaded twice.
        PipelineSettings usual = settings.set(Setting.BATCH_MAX_AGE_MS, "2000").build();
        try (PipelineProcess run = PipelineProcess.start(PipelineProcess.RUN_JAR, List.of("run"), usual, keys)) {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(Warehouse.distinctIds(ns.table())).isEqualTo(EVENTS));
            assertThat(run.stop()).isZero();
        }
        assertThat(Warehouse.rows(ns.table())).as("rows").isEqualTo(EVENTS);
    }

    private static double consumed(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = CONSUMED.matcher(response.body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String summaryLine(String log) {
        return log.lines().filter(l -> l.contains("abandoned batches=")).findFirst().orElse("(no summary line)");
    }
}
