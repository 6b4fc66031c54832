package routes.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/deploy.md followed as a platform engineer would, without a cluster: every {@code kubectl kustomize} and
 * {@code kubectl ... --dry-run=client} command runs as written; every other kubectl command's {@code -k} directory
 * renders, and the namespace, Deployments, ScaledObject, labels and Secret keys it names are those of the rendered
 * overlay; the topics it creates and the groups whose offsets it commits are the settings', with the partitions,
 * replication and retention the manifests and janitor need.
 */
class DeployRunbookTest {

    private static final Path RUNBOOK = Path.of("docs", "deploy.md");
    private static List<RunbookCommands.Command> commands;
    private static List<JsonNode> rendered;
    private static Map<String, String> settings;

    @BeforeAll
    static void read() throws IOException {
        Kubectl.require();
        commands = RunbookCommands.read(RUNBOOK);
        rendered = objects(Manifests.OVERLAY);
        settings = new HashMap<>();
        ofKind("ConfigMap").forEach(cm -> cm.path("data").fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText())));
    }

    @Test
    void everyKubectlCommandThatNeedsNoClusterRunsAsWritten() {
        List<RunbookCommands.Command> offline = kubectl().stream()
                .filter(c -> c.words().get(1).equals("kustomize") || c.words().contains("--dry-run=client")).toList();
        assertThat(offline).as("kustomize and --dry-run=client commands in " + RUNBOOK).hasSizeGreaterThanOrEqualTo(2);
        for (RunbookCommands.Command command : offline) {
            Kubectl.Result result = Kubectl.run(Path.of("."), command.words().subList(1, command.words().size()));
            assertThat(result.exitCode()).as(command.line() + "\n" + result.stderr()).isZero();
            assertThat(result.stdout()).as(command.line()).isNotBlank();
        }
    }

    @Test
    void everyOtherKubectlCommandNamesWhatTheRenderedOverlayHas() throws IOException {
        Set<String> namespaces = rendered.stream().map(o -> o.path("metadata").path("namespace").asText()).collect(Collectors.toSet());
        Set<String> deployments = names("Deployment");
        Set<String> undone = new HashSet<>();
        Set<String> awaited = new HashSet<>();
        int checked = 0;
        for (RunbookCommands.Command command : kubectl()) {
            List<String> words = command.words();
            String k = command.option("-k");
            if (k != null) {
                assertThat(objects(Path.of(k))).as(command.line()).isNotEmpty();
            }
            String namespace = command.option("-n");
            if (namespace != null) {
                assertThat(namespaces).as(command.line()).contains(namespace);
            }
            for (String word : words) {
                if (word.matches("(deployment|deploy)/[^/]+")) {
                    assertThat(deployments).as(command.line()).contains(word.substring(word.indexOf('/') + 1));
                }
            }
            int i = words.indexOf("scaledobject");
            if (i > 0) {
                assertThat(names("ScaledObject")).as(command.line()).contains(words.get(i + 1));
            }
            String selector = command.option("-l");
            if (selector != null) {
                String[] pair = selector.split("=", 2);
                assertThat(ofKind("Deployment")).as(command.line()).anySatisfy(d ->
                        assertThat(d.path("spec").path("template").path("metadata").path("labels").path(pair[0]).asText()).isEqualTo(pair[1]));
            }
            if (words.containsAll(List.of("create", "namespace"))) {
                assertThat(namespaces).as(command.line()).contains(words.get(words.indexOf("namespace") + 1));
            }
            if (words.containsAll(List.of("create", "secret", "generic"))) {
                checkSecret(command);
            }
            if (words.containsAll(List.of("rollout", "undo"))) {
                undone.add(deploymentIn(words));
            }
            if (words.containsAll(List.of("rollout", "status"))) {
                awaited.add(deploymentIn(words));
            }
            checked++;
        }
        assertThat(checked).as("kubectl commands in " + RUNBOOK).isGreaterThanOrEqualTo(10);
        assertThat(awaited).as("a rollout waited for, for every Deployment").isEqualTo(deployments);
        assertThat(undone).as("a rollback for every Deployment").isEqualTo(deployments);
    }

    @Test
    void theTopicsAreCreatedWithThePartitionsReplicationAndRetentionTheDeploymentNeeds() throws Exception {
        Map<String, RunbookCommands.Command> created = new HashMap<>();
        commands.stream().filter(c -> c.program().equals("kafka-topics.sh") && c.words().contains("--create"))
                .forEach(c -> created.put(c.option("--topic"), c));
        String events = settings.get("PIPELINE_KAFKA_TOPIC_EVENTS");
        String batches = settings.get("PIPELINE_KAFKA_TOPIC_BATCHES");
        String dlq = settings.get("PIPELINE_KAFKA_TOPIC_DLQ");
        assertThat(created.keySet()).containsExactlyInAnyOrder(events, batches, dlq);
        JsonNode scaled = ofKind("ScaledObject").get(0);
        int partitions = Integer.parseInt(created.get(events).option("--partitions"));
        assertThat(partitions).as("events' partitions: the batcher's most replicas")
                .isEqualTo(scaled.path("spec").path("maxReplicaCount").asInt())
                .isEqualTo(Integer.parseInt(scaled.path("metadata").path("annotations").path("event-pipeline/topic-partitions").asText()));
        int loaders = ofKind("Deployment").stream().mapToInt(d -> d.path("spec").path("replicas").asInt(0)).max().orElseThrow();
        assertThat(Integer.parseInt(created.get(batches).option("--partitions"))).as("a partition for every loader")
                .isGreaterThanOrEqualTo(loaders);
        for (RunbookCommands.Command c : created.values()) {
            Map<String, String> config = config(c);
            int replication = Integer.parseInt(c.option("--replication-factor"));
            int minInsync = Integer.parseInt(config.get("min.insync.replicas"));
            assertThat(minInsync).as(c.line()).isGreaterThanOrEqualTo(2).isLessThan(replication);
            assertThat(config).as(c.line()).containsKey("retention.ms");
        }
        // A notification must outlive janitor's age, or janitor deletes the object it names as an orphan.
        Duration janitorAge = JanitorCommandDefaults.olderThan();
        Duration batchesRetention = Duration.ofMillis(Long.parseLong(config(created.get(batches)).get("retention.ms")));
        assertThat(batchesRetention).as("event-batches' retention > janitor's --older-than + a day")
                .isGreaterThan(janitorAge.plusDays(1));
    }

    @Test
    void theFirstDeployCommitsEachGroupsOffsetsOnItsOwnTopic() {
        Map<String, String> topicByGroup = new HashMap<>();
        commands.stream().filter(c -> c.program().equals("kafka-consumer-groups.sh") && c.words().contains("--reset-offsets"))
                .forEach(c -> {
                    assertThat(c.words()).as(c.line()).contains("--execute");
                    topicByGroup.put(c.option("--group"), c.option("--topic"));
                });
        assertThat(topicByGroup).containsExactlyInAnyOrderEntriesOf(Map.of(
                settings.get("PIPELINE_KAFKA_GROUP_BATCHER"), settings.get("PIPELINE_KAFKA_TOPIC_EVENTS"),
                settings.get("PIPELINE_KAFKA_GROUP_LOADER"), settings.get("PIPELINE_KAFKA_TOPIC_BATCHES")));
    }

    private static void checkSecret(RunbookCommands.Command command) {
        List<String> words = command.words();
        String name = words.get(words.indexOf("generic") + 1);
        Set<String> keys = new HashSet<>();
        command.options("--from-file").forEach(f -> keys.add(f.split("=", 2)[0]));
        command.options("--from-literal").forEach(f -> keys.add(f.split("=", 2)[0]));
        Set<String> referenced = new HashSet<>();
        for (JsonNode d : ofKind("Deployment")) {
            for (JsonNode container : d.path("spec").path("template").path("spec").path("containers")) {
                for (JsonNode env : container.path("env")) {
                    JsonNode ref = env.path("valueFrom").path("secretKeyRef");
                    if (!ref.isMissingNode()) {
                        assertThat(ref.path("name").asText()).as(command.line()).isEqualTo(name);
                        referenced.add(ref.path("key").asText());
                    }
                }
            }
        }
        assertThat(keys).as("the Secret holds every key the pods read, and only those").isEqualTo(referenced);
    }

    private static String deploymentIn(List<String> words) {
        return words.stream().filter(w -> w.startsWith("deployment/")).map(w -> w.substring("deployment/".length()))
                .findFirst().orElseThrow(() -> new AssertionError("no deployment/NAME in " + words));
    }

    private static Map<String, String> config(RunbookCommands.Command command) {
        Map<String, String> config = new HashMap<>();
        command.options("--config").forEach(c -> config.put(c.split("=", 2)[0], c.split("=", 2)[1]));
        return config;
    }

    private static List<RunbookCommands.Command> kubectl() {
        return commands.stream().filter(c -> c.program().equals("kubectl")).toList();
    }

    private static List<JsonNode> objects(Path kustomization) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        try (var parser = Manifests.YAML.getFactory().createParser(Kubectl.kustomize(kustomization))) {
            Manifests.YAML.readValues(parser, JsonNode.class).forEachRemaining(objects::add);
        }
        return objects;
    }

    private static List<JsonNode> ofKind(String kind) {
        return rendered.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    private static Set<String> names(String kind) {
        return ofKind(kind).stream().map(o -> o.path("metadata").path("name").asText()).collect(Collectors.toSet());
    }

    /** janitor's --older-than default, as its picocli option declares it (a number and s, m, h or d). */
    private static final class JanitorCommandDefaults {
        static Duration olderThan() throws ReflectiveOperationException {
            String value = Class.forName("routes.JanitorCommand").getDeclaredField("olderThan")
                    .getAnnotation(Option.class).defaultValue();
            long n = Long.parseLong(value.substring(0, value.length() - 1));
            return switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException("janitor --older-than default: " + value);
            };
        }
    }
}
