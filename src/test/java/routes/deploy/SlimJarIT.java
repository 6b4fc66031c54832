package routes.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import routes.config.PipelineSettings;
import routes.config.RedshiftIamAuthentication;
import routes.testing.EmbeddedServices;
import routes.testing.PipelineProcess;
import routes.testing.TestEvents;
import routes.testing.TestPipelines;
import routes.testing.TestPipelines.Namespace;
import routes.testing.Warehouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * target/event-pipeline-run.jar, the jar the image ships: none of the embedded services, and yet `run`
 * starts both roles and loads events end to end.
 */
@ExtendWith(EmbeddedServices.class)
class SlimJarIT {

    @Test
    void holdsNoEmbeddedBrokerS3ServerOrPostgresBinaries() throws Exception {
        List<String> entries;
        try (ZipFile jar = new ZipFile(PipelineProcess.RUN_JAR.toFile())) {
            entries = Collections.list(jar.entries()).stream().map(ZipEntry::getName).toList();
        }
        assertThat(entries).contains("routes/RunCommand.class", "routes/ReconcileCommand.class", "routes.yaml");
        assertThat(entries).noneMatch(name -> name.contains("kafka/server"))
                .noneMatch(name -> name.startsWith("org/gaul/s3proxy"))
                .noneMatch(name -> name.startsWith("org/apache/jclouds"))
                .noneMatch(name -> name.startsWith("scala/"))
                .noneMatch(name -> name.startsWith("io/zonky") || name.endsWith(".txz"))
                .noneMatch(name -> name.startsWith("routes/local/") || name.startsWith("routes/bench/"));
        assertThat(Files.size(PipelineProcess.RUN_JAR)).as("slim jar bytes")
                .isLessThan(Files.size(PipelineProcess.JAR) / 2);
    }

    @Test
    void holdsTheClassesTheRedshiftDriverLoadsForIamUrls() throws Exception {
        try (ZipFile jar = new ZipFile(PipelineProcess.RUN_JAR.toFile())) {
            assertThat(RedshiftIamAuthentication.DRIVER_CLASSES).allSatisfy(name ->
                    assertThat(jar.getEntry(name.replace('.', '/') + ".class")).as(name).isNotNull());
        }
    }

    @Test
    void theJarTheDockerfileCopiesIsBuilt() {
        assertThat(Path.of("target", DockerfileTest.RUN_JAR)).isRegularFile().isEqualTo(PipelineProcess.RUN_JAR);
    }

    @Test
    void helpListsTheProductionCommandsOnly() throws Exception {
        Path out = Files.createTempFile("help", ".txt");
        assertThat(PipelineProcess.run(PipelineProcess.RUN_JAR, List.of("--help"), out)).isZero();
        assertThat(Files.readString(out)).contains("run", "reconcile", "fields").doesNotContain("local", "bench");
        assertThat(PipelineProcess.run(PipelineProcess.RUN_JAR, List.of("run", "--help"), out)).isZero();
        assertThat(Files.readString(out)).contains("--role", "--config");
        assertThat(PipelineProcess.run(PipelineProcess.RUN_JAR, List.of("local"), out)).as("exit code of an unknown command")
                .isEqualTo(2);
    }

    @Test
    void runLoadsEventsIntoTheWarehouse() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(3);
        PipelineSettings settings = TestPipelines.settings(ns).build();
        EmbeddedServices.produce(ns.events(), TestEvents.events(3_000, 20));
        try (PipelineProcess run = PipelineProcess.start(PipelineProcess.RUN_JAR, List.of("run"), settings, connectionKeys())) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(Warehouse.rows(ns.table())).isEqualTo(3_000));
            assertThat(run.stop()).as("exit code of an orderly stop").isZero();
            assertThat(run.output()).doesNotContain("ClassNotFoundException", "NoClassDefFoundError");
        }
        assertThat(Warehouse.distinctIds(ns.table())).isEqualTo(3_000);
    }

    static List<String> connectionKeys() {
        return TestPipelines.RUN_KEYS;
    }
}
