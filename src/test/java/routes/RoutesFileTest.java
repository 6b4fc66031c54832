package routes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.config.PipelineSettings;
import routes.config.Setting;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutesFileTest {

    @TempDir
    Path dir;

    private final PipelineSettings.Builder settings = PipelineSettings.builder().set(Setting.SANITIZE_HMAC_KEY, "test-hmac-key-of-at-least-32-bytes");

    @Test
    void exportedRoutesAreThePackagedOnesAndPassTheCheck() throws Exception {
        Path copy = dir.resolve("my-routes.yaml");
        RoutesFile.export(copy, false);

        assertThat(Files.readString(copy)).isEqualTo(new String(getClass().getClassLoader()
                .getResourceAsStream(RoutesFile.PACKAGED).readAllBytes(), StandardCharsets.UTF_8));
        RoutesFile.use(copy, true, settings);
        PipelineSettings used = settings.build();
        assertThat(used.asProperties())
                .containsEntry("camel.main.routes-include-pattern", "file:" + copy.toAbsolutePath())
                .containsEntry("camel.main.routes-reload-enabled", "true")
                .containsEntry("camel.main.routes-reload-directory", dir.toAbsolutePath().toString())
                .containsEntry("camel.main.routes-reload-pattern", "my-routes.yaml");
    }

    @Test
    void exportDoesNotOverwriteAnEditedCopyUnlessForced() throws Exception {
        Path copy = dir.resolve("routes.yaml");
        Files.writeString(copy, "# my edits\n");

        assertThatThrownBy(() -> RoutesFile.export(copy, false)).hasMessageContaining("--force");
        assertThat(Files.readString(copy)).isEqualTo("# my edits\n");
        RoutesFile.export(copy, true);
        assertThat(Files.readString(copy)).contains("id: loader-load");
    }

    @Test
    void aYamlSyntaxErrorIsRefusedNamingTheFileAndLine() throws Exception {
        Path broken = editedCopy("      uri: direct:dead-letter\n", "      uri: [direct:dead-letter\n");
        int line = lineOf(broken, "uri: [direct:dead-letter");

        assertThatThrownBy(() -> RoutesFile.use(broken, false, settings))
                .isInstanceOf(RoutesFile.InvalidRoutesException.class)
                .hasMessageStartingWith(broken.toAbsolutePath().toString())
                .hasMessageContaining("line " + (line + 1)); // the flow sequence is found unclosed on the next line
    }

    @Test
    void anUnknownOptionOfAStepIsRefusedNamingItsLine() throws Exception {
        Path broken = editedCopy("            method: admit\n", "            mehtod: admit\n");
        int line = lineOf(broken, "mehtod: admit");

        assertThatThrownBy(() -> RoutesFile.use(broken, false, settings))
                .isInstanceOf(RoutesFile.InvalidRoutesException.class)
                .hasMessageContaining(broken.toAbsolutePath() + ", line " + line)
                .hasMessageContaining("mehtod");
    }

    @Test
    void aCopyWithoutTheLoadAggregatorIsRefusedForTheLoaderButNotForABatcherAlone() throws Exception {
        Path renamed = editedCopy("id: load-aggregator", "id: my-aggregator");

        assertThatThrownBy(() -> RoutesFile.use(renamed, false, settings))
                .hasMessageContaining("no aggregate with id load-aggregator");
        RoutesFile.use(renamed, false, settings.set(Setting.ROLE_LOADER, "false"));
    }

    @Test
    void aKafkaConsumerThatWouldNeverCommitItsOffsetsIsRefused() throws Exception {
        Path uncommitted = editedCopy("        kafkaClientFactory: \"#watermarkCommits\"\n", "");

        assertThatThrownBy(() -> RoutesFile.use(uncommitted, false, settings))
                .isInstanceOf(RoutesFile.InvalidRoutesException.class)
                .hasMessageContaining("consumes Kafka without kafkaClientFactory")
                .hasMessageContaining("never be committed");
    }

    @Test
    void aBatcherConsumerWithoutAutoCommitDisabledIsRefusedNamingTheFileRouteAndParameter() throws Exception {
        Path autoCommitting = editedCopy("        autoCommitEnable: false\n", "");

        assertThatThrownBy(() -> RoutesFile.use(autoCommitting, false, settings))
                .isInstanceOf(RoutesFile.InvalidRoutesException.class)
                .hasMessageStartingWith(autoCommitting.toAbsolutePath() + ": route batcher-consume consumes Kafka without"
                        + " autoCommitEnable: false")
                .hasMessageNotContaining("kafkaClientFactory")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aLoaderConsumerThatTurnsAutoCommitBackOnIsRefused() throws Exception {
        Path autoCommitting = editedCopy("the cycle's holds then\n        autoCommitEnable: false\n",
                "the cycle's holds then\n        autoCommitEnable: true\n");

        assertThatThrownBy(() -> RoutesFile.use(autoCommitting, false, settings))
                .isInstanceOf(RoutesFile.InvalidRoutesException.class)
                .hasMessageContaining("route loader-consume consumes Kafka without autoCommitEnable: false");
    }

    @Test
    void aBatchAggregatorWithoutItsControllerIsRefusedNamingTheRouteAndTheController() throws Exception {
        Path uncontrolled = editedCopy("                      aggregateController: \"#batchAggregateController\"\n", "");

        assertThatThrownBy(() -> RoutesFile.use(uncontrolled, false, settings))
                .isInstanceOf(RoutesFile.InvalidRoutesException.class)
                .hasMessageStartingWith(uncontrolled.toAbsolutePath() + ": route batcher-consume has aggregate batch-aggregator"
                        + " without aggregateController: \"#batchAggregateController\"")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aKafkaConsumerWhoseRecordsWouldNeverMoveTheWatermarksIsRefused() throws Exception {
        Path noCompletions = editedCopy("        kafkaManualCommitFactory: \"#recordCompletions\"\n", "");

        assertThatThrownBy(() -> RoutesFile.use(noCompletions, false, settings))
                .isInstanceOf(RoutesFile.InvalidRoutesException.class)
                .hasMessageStartingWith(noCompletions.toAbsolutePath() + ": route batcher-consume consumes Kafka without"
                        + " allowManualCommit: true with kafkaManualCommitFactory: \"#recordCompletions\"");
    }

    @Test
    void aKafkaConsumerThatWouldSkipAFailedRecordIsRefused() throws Exception {
        Path skipping = editedCopy("        breakOnFirstError: true\n", "");

        assertThatThrownBy(() -> RoutesFile.use(skipping, false, settings))
                .isInstanceOf(RoutesFile.InvalidRoutesException.class)
                .hasMessageContaining(": route batcher-consume consumes Kafka without breakOnFirstError: true");
    }

    @Test
    void aMissingFileIsRefused() {
        assertThatThrownBy(() -> RoutesFile.use(dir.resolve("nope.yaml"), false, settings))
                .hasMessageContaining("nope.yaml: no such file");
    }

    private Path editedCopy(String from, String to) throws Exception {
        Path copy = dir.resolve("edited.yaml");
        RoutesFile.export(copy, true);
        String text = Files.readString(copy);
        assertThat(text).contains(from);
        Files.writeString(copy, text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        return copy;
    }

    /** 1-based line of the first line containing {@code text}. */
    private static int lineOf(Path file, String text) throws Exception {
        var lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    @Test
    void aRoutesFileNamingABeanThePipelineNoLongerBindsIsRefusedNamingTheFileRouteAndBean() {
        PipelineSettings settings = PipelineSettings.builder()
                .set("camel.main.routes-include-pattern", "file:/home/ops/my-routes.yaml").build();
        Exception startFailure = new org.apache.camel.RuntimeCamelException(new org.apache.camel.FailedToCreateRouteException(
                "loader-consume", "Route(loader-consume)[From[kafka:event-batches] ...]", "Aggregate[pipelineTable]",
                new IllegalArgumentException("Cannot find expression or predicate in registry with ref: loadCycleIsFull")));

        Exception explained = RoutesFile.explainStartFailure(startFailure, settings);

        assertThat(explained).isInstanceOf(RoutesFile.InvalidRoutesException.class)
                .hasMessageStartingWith("/home/ops/my-routes.yaml: route loader-consume cannot be built: ")
                .hasMessageContaining("ref: loadCycleIsFull").hasMessageContaining("routes export FILE");
        IllegalStateException other = new IllegalStateException("port 8080 is taken");
        assertThat(RoutesFile.explainStartFailure(other, settings)).isSameAs(other);
    }
}
