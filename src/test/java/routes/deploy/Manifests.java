package routes.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every YAML document under deploy/kubernetes, parsed into the model of its apiVersion and kind. A kind this
 * map does not know, or a field its model does not know, fails the load.
 */
final class Manifests {

    static final Path ROOT = Path.of("deploy", "kubernetes");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Map<String, Class<?>> MODELS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "apps/v1/Deployment", Deployment.class,
            "batch/v1/CronJob", CronJob.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "monitoring.coreos.com/v1/PodMonitor", PodMonitor.class,
            "monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class,
            "keda.sh/v1alpha1/ScaledObject", KedaScaledObject.class,
            "kustomize.config.k8s.io/v1beta1/Kustomization", Kustomization.class);

    record Document(Path file, Object model) {
    }

    private final List<Document> documents;

    private Manifests(List<Document> documents) {
        this.documents = documents;
    }

    static Manifests load() throws IOException {
        List<Document> documents = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                documents.addAll(read(file));
            }
        }
        return new Manifests(documents);
    }

    static List<Document> read(Path file) throws IOException {
        List<Document> documents = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode node = it.next();
                if (node == null || node.isNull() || node.isEmpty()) {
                    continue;
                }
                String type = node.path("apiVersion").asText() + "/" + node.path("kind").asText();
                Class<?> model = MODELS.get(type);
                if (model == null) {
                    throw new IllegalArgumentException(file + ": no model for " + type);
                }
                Object parsed;
                try {
                    parsed = YAML.treeToValue(node, model);
                } catch (IOException e) {
                    throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
                }
                List<String> unknown = StrictModel.unknownFields(parsed);
                if (!unknown.isEmpty()) {
                    throw new IllegalArgumentException(file + ": fields the " + type + " model does not know: " + unknown);
                }
                documents.add(new Document(file, parsed));
            }
        }
        return documents;
    }

    List<Document> documents() {
        return documents;
    }

    /** The documents of this type in the files of this directory (not of its subdirectories, e.g. base/jobs). */
    <T> List<T> all(Class<T> type, Path under) {
        return documents.stream().filter(d -> d.file().getParent().equals(under) && type.isInstance(d.model()))
                .map(d -> type.cast(d.model())).toList();
    }
}
