package routes.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The objects a kustomization renders to ({@code kubectl kustomize}), or one file's, each parsed into the model of its
 * apiVersion and kind: fabric8's Kubernetes model for the core kinds, records with only the fields these manifests may
 * use for KEDA's. A kind this map does not know, or a field its model does not know, fails the load, the way the API
 * server's strict field validation would.
 */
final class Manifests {

    static final Path ROOT = Path.of("deploy", "kubernetes");
    static final Path BASE = ROOT.resolve("base");
    static final Path OVERLAY = ROOT.resolve("overlays/local-example");

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("batch/v1/CronJob", CronJob.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", PodMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class),
            Map.entry("keda.sh/v1alpha1/ScaledObject", KedaScaledObject.class),
            Map.entry("keda.sh/v1alpha1/TriggerAuthentication", KedaTriggerAuthentication.class));

    record Document(String source, Object model) {
    }

    private final List<Document> documents;

    private Manifests(List<Document> documents) {
        this.documents = documents;
    }

    /** What {@code kubectl kustomize dir} renders. */
    static Manifests render(Path kustomization) throws IOException {
        return new Manifests(parse(kustomization.toString(), YAML.getFactory().createParser(Kubectl.kustomize(kustomization))));
    }

    /** One manifest file as written. */
    static List<Document> read(Path file) throws IOException {
        return parse(file.toString(), YAML.getFactory().createParser(file.toFile()));
    }

    private static List<Document> parse(String source, JsonParser yaml) throws IOException {
        List<Document> documents = new ArrayList<>();
        try (yaml) {
            for (var it = YAML.readValues(yaml, JsonNode.class); it.hasNext(); ) {
                JsonNode node = it.next();
                if (node == null || node.isNull() || node.isEmpty()) {
                    continue;
                }
                String type = node.path("apiVersion").asText() + "/" + node.path("kind").asText();
                Class<?> model = MODELS.get(type);
                String name = source + " " + type + " " + node.path("metadata").path("name").asText();
                if (model == null) {
                    throw new IllegalArgumentException(name + ": no model for " + type);
                }
                Object parsed;
                try {
                    parsed = YAML.treeToValue(node, model);
                } catch (IOException e) {
                    throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
                }
                List<String> unknown = StrictModel.unknownFields(parsed);
                if (!unknown.isEmpty()) {
                    throw new IllegalArgumentException(name + ": fields the " + type + " model does not know: " + unknown);
                }
                documents.add(new Document(name, parsed));
            }
        }
        return documents;
    }

    List<Document> documents() {
        return documents;
    }

    <T> List<T> all(Class<T> type) {
        return documents.stream().filter(d -> type.isInstance(d.model())).map(d -> type.cast(d.model())).toList();
    }
}
