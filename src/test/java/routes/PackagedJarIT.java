package routes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.testing.EmbeddedServices;
import routes.testing.PipelineOutputs;
import routes.testing.PipelineProcess;
import routes.testing.TestEvents;
import routes.testing.TestPipelines;
import routes.testing.TestPipelines.Namespace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The fat jar itself: the services files and Camel descriptors merged right, and crash recovery of a real process. */
@ExtendWith(EmbeddedServices.class)
class PackagedJarIT {

    @Test
    void helpOfEveryCommandListsItsOptions() throws Exception {
        Path out = Files.createTempFile("help", ".txt");
        assertThat(PipelineProcess.run(List.of("--help"), out)).isZero();
        assertThat(Files.readString(out)).contains("local", "run");
        assertThat(PipelineProcess.run(List.of("run", "--help"), out)).isZero();
        assertThat(Files.readString(out)).contains("--role", "--config");
        assertThat(PipelineProcess.run(List.of("local", "--help"), out)).isZero();
        assertThat(Files.readString(out)).contains("--rate", "--data-dir");
    }

    @Test
    void batcherKilledMidBatchAndRestartedLosesNoEvent() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(6);
        PipelineSettings settings = TestPipelines.settings(ns)
                .set(Setting.BATCH_MAX_RECORDS, "2000")
                .set(Setting.BATCH_MAX_AGE_MS, "3000").build();
        List<String> keys = connectionKeys();

        List<byte[]> first = TestEvents.events(20_000, 10);
        EmbeddedServices.produce(ns.events(), first);
        try (PipelineProcess batcher = PipelineProcess.start(List.of("run", "--role", "batcher"), settings, keys)) {
            // kill -9 as soon as the first objects are written: some batches are open, some offsets uncommitted
            await().atMost(Duration.ofSeconds(90)).until(() -> !EmbeddedServices.listObjects(ns.prefix()).isEmpty());
            batcher.kill();
        }
        List<byte[]> second = new ArrayList<>();
        for (int i = 20_000; i < 30_000; i++) {
            second.add(TestEvents.event(i, 10));
        }
        EmbeddedServices.produce(ns.events(), second);
        try (PipelineProcess batcher = PipelineProcess.start(List.of("run", "--role", "batcher"), settings, keys)) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> TestPipelines.caughtUp(ns.batcherGroup(), ns.events()));
            assertThat(batcher.stop()).as("exit code of an orderly stop").isZero();
        }

        Set<String> ids = new HashSet<>(PipelineOutputs.eventIds(ns.prefix()));
        assertThat(IntStream.range(0, 30_000).mapToObj(TestEvents::id).filter(id -> !ids.contains(id)).toList())
                .as("events missing from S3").isEmpty();
    }

    private static List<String> connectionKeys() {
        List<String> keys = new ArrayList<>(TestPipelines.RUN_KEYS);
        keys.add(Setting.BATCH_MAX_RECORDS);
        return keys;
    }
}
