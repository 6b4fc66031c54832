package routes;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import routes.config.PipelineSettings;
import routes.config.Setting;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance of issue 30 for routes files: every single step of the packaged routes.yaml, deleted from a copy,
 * is either refused at load time in one line naming the file, the route and what is missing, or one of
 * {@link RequiredSteps#OPTIONAL}, whose removal cannot lose or double an event.
 */
class RoutesStepDeletionTest {

    @TempDir
    Path dir;

    private final PipelineSettings.Builder settings = settings();

    /** Both roles, the defaults: every route runs. */
    private static PipelineSettings.Builder settings() {
        return PipelineSettings.builder().set(Setting.SANITIZE_HMAC_KEY, "test-hmac-key-of-at-least-32-bytes");
    }

    @Test
    void everyStepOfTheRoutesIsEitherRequiredByTheCheckOrDocumentedAsHarmlessToDelete() throws Exception {
        Path packaged = dir.resolve("packaged.yaml");
        RoutesFile.export(packaged, false);
        List<String> lines = Files.readAllLines(packaged);
        List<Step> steps = steps(Files.readString(packaged));
        Map<String, Map<String, Integer>> packagedCounts = counts(packaged);

        List<String> refused = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        for (Step step : steps) {
            Path edited = dir.resolve("without-line-" + (step.firstLine + 1) + ".yaml");
            Files.write(edited, step.deletedFrom(lines));
            String where = step.owner + ", line " + (step.firstLine + 1) + ": " + lines.get(step.firstLine).trim();
            try {
                RoutesFile.use(edited, false, settings());
                accepted.add(where);
                // accepted: what it removed is only steps the check documents as harmless
                assertThat(missingLabels(packagedCounts, counts(edited))).as("deleted " + where)
                        .isNotEmpty().allMatch(RequiredSteps.OPTIONAL::containsKey);
            } catch (RoutesFile.InvalidRoutesException e) {
                refused.add(where);
                assertThat(e.getMessage()).as("refusal of " + where)
                        .startsWith(edited.toAbsolutePath().toString())
                        .doesNotContain("\n")
                        .containsAnyOf("route ", "line ");
                if (step.owner.startsWith("route ")) {
                    assertThat(e.getMessage()).as("refusal of " + where).contains(step.owner);
                }
            }
        }
        System.out.printf("ROUTES-STEPS steps=%d refused=%d accepted=%d: %s%n", steps.size(), refused.size(),
                accepted.size(), accepted);
        assertThat(steps).as("the parser found the routes' steps").hasSizeGreaterThan(30);
        assertThat(accepted).hasSize(RequiredSteps.OPTIONAL.size());
    }

    @Test
    void aRefusalNamesTheFileTheRouteAndTheMissingStep() throws Exception {
        Path copy = dir.resolve("no-dlq.yaml");
        RoutesFile.export(copy, false);
        String text = Files.readString(copy);
        int at = text.indexOf("        - to:\n            uri: kafka:{{pipeline.kafka.topic.dlq}}");
        assertThat(at).isPositive();
        int end = text.indexOf("\n\n", at);
        Files.writeString(copy, text.substring(0, at) + text.substring(end + 1));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RoutesFile.use(copy, false, settings))
                .isInstanceOf(RoutesFile.InvalidRoutesException.class)
                .hasMessage(copy.toAbsolutePath() + ": route dead-letter lacks the step to[kafka:{{pipeline.kafka.topic.dlq}}],"
                        + " which the pipeline needs to land every event exactly once; keep it when editing"
                        + " (`routes export FILE` writes the packaged routes)");
    }

    @Test
    void theStepsARoutesFileMayDropAreTheOnesTheOperationsGuideLists() throws Exception {
        String guide = Files.readString(Path.of("docs", "operations.md"));
        Map<String, String> documentedAs = Map.of(
                "ref:batchStopGate", "`process: batchStopGate`",
                "ref:loadStopGate", "`process: loadStopGate`",
                "bean[ref:batchSpooler method:acknowledged]", "`bean: batchSpooler.acknowledged`",
                "removeHeaders[pipeline*]", "`removeHeaders: pipeline*`");
        assertThat(documentedAs.keySet()).isEqualTo(RequiredSteps.OPTIONAL.keySet());
        assertThat(guide).contains(documentedAs.values());
    }

    /** Labels the packaged routes have more of than the edited ones, over all routes. */
    private static List<String> missingLabels(Map<String, Map<String, Integer>> packaged, Map<String, Map<String, Integer>> edited) {
        List<String> missing = new ArrayList<>();
        packaged.forEach((route, labels) -> labels.forEach((label, count) -> {
            if (edited.getOrDefault(route, Map.of()).getOrDefault(label, 0) < count) {
                missing.add(label);
            }
        }));
        return missing;
    }

    private Map<String, Map<String, Integer>> counts(Path file) throws Exception {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setInitialProperties(settings.build().asProperties());
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:" + file));
            for (RouteDefinition route : context.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions()) {
                counts.put(route.getRouteId(), RequiredSteps.counts(route));
            }
        }
        return counts;
    }

    /** One item of a {@code steps:} list: its lines, the route (or route configuration) it is in. */
    private record Step(String owner, int firstLine, int lastLine, boolean onlyItem, int stepsKeyLine) {
        List<String> deletedFrom(List<String> lines) {
            List<String> copy = new ArrayList<>(lines);
            if (onlyItem) {
                copy.set(stepsKeyLine, copy.get(stepsKeyLine).replace("steps:", "steps: []"));
            }
            copy.subList(firstLine, lastLine + 1).clear();
            return copy;
        }
    }

    private static List<Step> steps(String yaml) {
        Node root = new Compose(LoadSettings.builder().build()).composeString(yaml).orElseThrow();
        List<Step> steps = new ArrayList<>();
        for (Node top : ((SequenceNode) root).getValue()) {
            NodeTuple kind = ((MappingNode) top).getValue().get(0);
            String owner = ((ScalarNode) kind.getKeyNode()).getValue().equals("route") ? "route " : "routeConfiguration ";
            walk(kind.getValueNode(), owner + scalar(kind.getValueNode(), "id"), steps);
        }
        return steps;
    }

    private static void walk(Node node, String owner, List<Step> steps) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("steps")
                        && tuple.getValueNode() instanceof SequenceNode items) {
                    for (Node item : items.getValue()) {
                        steps.add(new Step(owner, line(item.getStartMark().orElseThrow()), lastLine(item),
                                items.getValue().size() == 1, line(key.getStartMark().orElseThrow())));
                    }
                }
                walk(tuple.getValueNode(), owner, steps);
            }
        } else if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(item -> walk(item, owner, steps));
        }
    }

    private static String scalar(Node mapping, String key) {
        for (NodeTuple tuple : ((MappingNode) mapping).getValue()) {
            if (((ScalarNode) tuple.getKeyNode()).getValue().equals(key)) {
                return ((ScalarNode) tuple.getValueNode()).getValue();
            }
        }
        throw new IllegalStateException("no " + key);
    }

    /** The last line holding a scalar of the node. */
    private static int lastLine(Node node) {
        if (node instanceof ScalarNode scalar) {
            Mark end = scalar.getEndMark().orElseThrow();
            return end.getColumn() == 0 ? end.getLine() - 1 : end.getLine();
        }
        int last = -1;
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                last = Math.max(last, Math.max(lastLine(tuple.getKeyNode()), lastLine(tuple.getValueNode())));
            }
        } else if (node instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                last = Math.max(last, lastLine(item));
            }
        }
        return last;
    }

    private static int line(Mark mark) {
        return mark.getLine();
    }
}
