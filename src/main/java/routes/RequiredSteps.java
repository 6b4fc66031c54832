package routes;

import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.TryDefinition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an edited routes file must keep of the packaged routes.yaml: every step of every route the configured roles
 * run, except the few in {@link #OPTIONAL}, whose removal cannot lose or double an event (each with why). Almost every
 * step is on the path of an event to S3, the DLQ or the warehouse, so dropping it would commit offsets of events that
 * never arrive, leave them stuck, or let something unchecked through: a routes file is for changing options and
 * adding steps, not for taking the pipeline's apart. A step is known by Camel's label for it (its kind and what it
 * names, endpoint options left out: {@code process[ref:admissionStep]}, {@code to[direct:batch-write]}), counted per
 * route, so moving a step within its route is not a removal.
 */
final class RequiredSteps {

    /** Steps a routes file may drop, by label, with what dropping them changes (docs/operations.md lists them too). */
    static final Map<String, String> OPTIONAL = Map.of(
            "ref:batchStopGate", "a stop then writes every queued batch until Camel's shutdown timeout instead of"
                    + " pipeline.shutdown.flush-timeout-ms; what the stop cuts short keeps its offsets and is delivered again",
            "ref:loadStopGate", "a stop then loads every queued cycle until Camel's shutdown timeout instead of"
                    + " pipeline.shutdown.flush-timeout-ms; what the stop cuts short keeps its offsets and is loaded again",
            "bean[ref:batchSpooler method:acknowledged]", "the batch's INFO line and its metrics are gone; its offsets are"
                    + " released by its exchange's completion all the same",
            "removeHeaders[pipeline*]", "dead letters then also carry the pipeline's own routing headers"
                    + " (pipelineVerdict, pipelineEventKey, pipelineTable) as Kafka headers");

    private RequiredSteps() {
    }

    /**
     * The first required step of {@code packaged} that {@code edited} lacks, as {@code route R lacks ...}; empty when
     * nothing is missing. Routes are matched by id.
     */
    static Optional<String> firstMissing(List<RouteDefinition> packaged, List<RouteDefinition> edited) {
        Map<String, RouteDefinition> byId = new LinkedHashMap<>();
        edited.forEach(route -> byId.put(route.getRouteId(), route));
        for (RouteDefinition route : packaged) {
            RouteDefinition copy = byId.get(route.getRouteId());
            if (copy == null) {
                return Optional.of("route " + route.getRouteId() + " is missing; the pipeline needs it to land every"
                        + " event exactly once (keep the route ids when editing)");
            }
            Map<String, Integer> kept = counts(copy);
            for (Map.Entry<String, Integer> step : counts(route).entrySet()) {
                if (!OPTIONAL.containsKey(step.getKey()) && kept.getOrDefault(step.getKey(), 0) < step.getValue()) {
                    return Optional.of("route " + route.getRouteId() + " lacks the step " + step.getKey()
                            + ", which the pipeline needs to land every event exactly once; keep it when editing"
                            + " (`routes export FILE` writes the packaged routes)");
                }
            }
        }
        return Optional.empty();
    }

    /** Each step's label (nested steps included) with how often it occurs in the route. */
    static Map<String, Integer> counts(RouteDefinition route) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        collect(route.getOutputs(), counts);
        return counts;
    }

    private static void collect(List<? extends ProcessorDefinition<?>> steps, Map<String, Integer> counts) {
        for (ProcessorDefinition<?> step : steps) {
            counts.merge(label(step), 1, Integer::sum);
            collect(step.getOutputs(), counts);
            if (step instanceof TryDefinition doTry) {
                // a doTry's outputs leave out its doCatch clauses
                collect(doTry.getCatchClauses(), counts);
                if (doTry.getFinallyClause() != null) {
                    collect(List.of(doTry.getFinallyClause()), counts);
                }
            }
        }
    }

    /**
     * Camel's label of the step without endpoint options (they are settings, not the step) and without the identity
     * hash a data format's label carries ({@code marshal[...JsonDataFormat@1b2c3d]}).
     */
    static String label(ProcessorDefinition<?> step) {
        return step.getLabel().replaceFirst("\\?[^\\]]*\\]$", "]").replaceAll("@[0-9a-f]+\\]", "]");
    }
}
