package routes.chaos;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import routes.RoutesFile;
import routes.chaos.PipelineFleet.Role;
import routes.config.Setting;
import routes.testing.EmbeddedServices;
import routes.testing.TestPipelines;
import routes.testing.TestPipelines.Namespace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A routes file the check accepts though a step is missing: {@code batchSpooler.acknowledged}, the step that used
 * to release a batch's offset holds (an operator deleting it stopped the batcher's commits for good). Now the holds go
 * with the batch exchange's completion, so the edited file runs 2 batchers and a loader while events arrive, one
 * batcher is killed (-9) right after an object appears and replaced, and every event still lands exactly once with
 * both groups committed to the end.
 */
@Tag("chaos")
@ExtendWith(EmbeddedServices.class)
class EditedRoutesIT {

    private static final int EVENTS = Integer.getInteger("chaos.edited.events", 30_000);
    private static final int KEYS = 8;

    @TempDir
    Path dir;

    @Test
    void withoutTheFormerHoldReleasingStepEveryEventLandsExactlyOnceThroughAKillAndRestart() throws Exception {
        Path routes = dir.resolve("routes-without-acknowledged.yaml");
        RoutesFile.export(routes, false);
        String packaged = Files.readString(routes);
        String step = """
                        - bean:
                            ref: batchSpooler
                            method: acknowledged
                """;
        assertThat(packaged).contains(step);
        Files.writeString(routes, packaged.replace(step, ""));

        Namespace ns = Namespace.random();
        ns.createTopics(4);
        try (PipelineFleet fleet = new PipelineFleet(ns, Map.of(Setting.BATCH_MAX_AGE_MS, "1500", Setting.LOAD_WINDOW_MS, "1000"))
                .withArguments("--routes", routes.toString());
             PacedEventProducer producer = new PacedEventProducer(ns.events(), EVENTS, KEYS, Duration.ofSeconds(30))) {
            fleet.start(Role.batcher);
            fleet.start(Role.batcher);
            fleet.start(Role.loader);
            producer.start();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> producer.sent() >= EVENTS / 3);
            long objects = objects(ns);
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(100)).until(() -> objects(ns) > objects);
            fleet.killAndReplace(fleet.running(Role.batcher).get(0));

            producer.awaitSent(Duration.ofMinutes(5));
            await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> TestPipelines.drained(ns, EVENTS));
            assertThat(fleet.countOutputLines("write_ms=")).as("the deleted step's log lines").isZero();
            assertThat(fleet.stopAll()).as("instances that did not stop cleanly on SIGTERM").isZero();
        }
        System.out.println("EDITED-ROUTES events=" + EVENTS + " " + ExactlyOnce.verify(ns, EVENTS, KEYS));
    }

    private static long objects(Namespace ns) {
        try {
            return EmbeddedServices.listObjects(ns.prefix()).size();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
