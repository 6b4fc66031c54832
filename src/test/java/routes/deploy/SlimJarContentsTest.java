package routes.deploy;

import org.junit.jupiter.api.Test;
import routes.config.RedshiftIamAuthentication;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the production jar (pom.xml, shade execution run-jar) keeps, checked against the dependencies as resolved,
 * before any jar is built: SlimJarIT reads the built jar itself.
 */
class SlimJarContentsTest {

    @Test
    void theRedshiftDriverFindsItsIamCredentialClassesInTheProductionJar() throws Exception {
        ShadeFilter runJar = ShadeFilter.of(Path.of("pom.xml"), "run-jar");
        for (String name : RedshiftIamAuthentication.DRIVER_CLASSES) {
            Class<?> type = Class.forName(name, false, getClass().getClassLoader()); // a dependency at all
            String artifact = artifactOf(type);
            assertThat(runJar.keeps(artifact, name.replace('.', '/') + ".class"))
                    .as(name + " of " + artifact + " in the production jar").isTrue();
        }
    }

    @Test
    void theFilterLeavesOutWhatThePomCutsOut() throws Exception {
        ShadeFilter runJar = ShadeFilter.of(Path.of("pom.xml"), "run-jar");
        assertThat(runJar.keeps("org.gaul:s3proxy", "org/gaul/s3proxy/S3Proxy.class")).isFalse();
        assertThat(runJar.keeps("org.scala-lang:scala-library", "scala/Option.class")).isFalse();
        assertThat(runJar.keeps("org.apache.kafka:kafka-clients", "org/apache/kafka/server/policy/CreateTopicPolicy.class"))
                .isFalse();
        assertThat(runJar.keeps("com.payroll.pipeline:event-pipeline", "routes/local/LocalServices.class")).isFalse();
        assertThat(runJar.keeps("com.payroll.pipeline:event-pipeline", "routes/local/LocalCommand.class")).isFalse();
        assertThat(runJar.keeps("com.payroll.pipeline:event-pipeline", "routes/bench/BenchCommand.class")).isFalse();
        assertThat(runJar.keeps("com.payroll.pipeline:event-pipeline", "routes/RunCommand.class")).isTrue();
        assertThat(runJar.keeps("com.payroll.pipeline:event-pipeline", "routes/contract/SourceRecord.class")).isTrue();
        assertThat(runJar.keeps("org.apache.kafka:kafka-clients", "org/apache/kafka/clients/consumer/KafkaConsumer.class"))
                .isTrue();
        assertThat(ShadeFilter.of(Path.of("pom.xml"), "all-in-one-jar").keeps("org.gaul:s3proxy", "org/gaul/s3proxy/S3Proxy.class"))
                .isTrue();
    }

    /** {@code group:artifact} of the jar in the local Maven repository that {@code type} was loaded from. */
    private static String artifactOf(Class<?> type) throws Exception {
        Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path artifactDir = jar.getParent().getParent();
        Path repository = artifactDir;
        while (repository != null && !repository.getFileName().toString().equals("repository")) {
            repository = repository.getParent();
        }
        assertThat(repository).as("local Maven repository above " + jar).isNotNull();
        String group = repository.relativize(artifactDir.getParent()).toString().replace(jar.getFileSystem().getSeparator(), ".");
        return group + ":" + artifactDir.getFileName();
    }
}
