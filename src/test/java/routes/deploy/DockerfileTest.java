package routes.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.config.SettingsException;
import routes.monitor.HttpAccess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The image as written: pinned bases, a numeric unprivileged user, and the production jar as entrypoint. */
class DockerfileTest {

    /** What {@code mvn package} writes for production (pom.xml, shade execution run-jar). */
    static final String RUN_JAR = "event-pipeline-run.jar";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyBaseImageIsPinnedToATag() throws Exception {
        List<String> bases = Dockerfile.read().all("FROM").stream().map(Dockerfile.Instruction::arguments).toList();
        assertThat(bases).hasSizeGreaterThanOrEqualTo(2);
        assertThat(bases).allSatisfy(base -> {
            String image = base.split("\\s+")[0];
            assertThat(image).as("base image " + image).matches("[^:@]+(:[^:]+|@sha256:[0-9a-f]{64})");
            assertThat(image).doesNotEndWith(":latest");
        });
    }

    @Test
    void runsAsANumericNonRootUser() throws Exception {
        String user = Dockerfile.read().last("USER").arguments();
        assertThat(user).as("numeric, so that runAsNonRoot can verify it").matches("[0-9]+(:[0-9]+)?");
        assertThat(Integer.parseInt(user.split(":")[0])).isPositive();
    }

    @Test
    void entrypointRunsTheProductionJarTheImageCopies() throws Exception {
        Dockerfile dockerfile = Dockerfile.read();
        List<String> entrypoint = List.of(JSON.readValue(dockerfile.last("ENTRYPOINT").arguments(), String[].class));
        assertThat(entrypoint.get(0)).isEqualTo("java");
        int jar = entrypoint.indexOf("-jar");
        assertThat(jar).as("exec form with -jar").isPositive();
        String jarInImage = entrypoint.get(jar + 1);

        String copy = dockerfile.last("COPY").arguments();
        assertThat(copy).startsWith("--from=build ");
        String[] parts = copy.substring("--from=build ".length()).split("\\s+");
        assertThat(parts[0]).as("the jar copied from the build stage").isEqualTo("/build/target/" + RUN_JAR);
        assertThat(parts[1]).as("copied to where the entrypoint runs it").isEqualTo(jarInImage);
        assertThat(dockerfile.last("CMD").arguments()).isEqualTo("[\"run\"]");
    }

    @Test
    void theBuildStagePackagesWithMaven() throws Exception {
        assertThat(Dockerfile.read().all("RUN").stream().map(Dockerfile.Instruction::arguments))
                .anySatisfy(run -> assertThat(run).contains("mvn").contains("package"));
    }

    @Test
    void theImageListensBeyondLoopbackOnlyWithBasicAuthWhosePasswordIsASecretFile(@TempDir Path dir) throws Exception {
        Map<String, String> image = Dockerfile.read().environment();
        assertThat(HttpAccess.isLoopback(image.get("PIPELINE_HTTP_HOST"))).as("probes reach the container's address").isFalse();
        assertThat(image.get("PIPELINE_HTTP_AUTH_USER")).isNotBlank();
        assertThat(image.get("PIPELINE_HTTP_AUTH_PASSWORD_FILE")).startsWith("/run/secrets/");
        Set<String> secrets = Setting.declarations().stream().filter(Setting.Declaration::secret)
                .map(d -> PipelineSettings.environmentName(d.key())).collect(Collectors.toSet());
        assertThat(image.keySet()).as("no secret baked into the image").doesNotContainAnyElementsOf(secrets);

        // docker run without the secret mounted: refused, naming the file setting
        assertThatThrownBy(() -> HttpAccess.check(PipelineSettings.builder().environment(image).build()))
                .isInstanceOf(SettingsException.class).hasMessageContaining(Setting.HTTP_AUTH_PASSWORD_FILE);
        // with it (here: the same file, elsewhere): the image's HTTP settings start
        Path secret = Files.writeString(dir.resolve("http-auth-password"), "a-long-operator-password\n");
        Map<String, String> mounted = new HashMap<>(image);
        mounted.put("PIPELINE_HTTP_AUTH_PASSWORD_FILE", secret.toString());
        assertThatNoException().isThrownBy(() -> HttpAccess.check(PipelineSettings.builder().environment(mounted).build()));
    }
}
