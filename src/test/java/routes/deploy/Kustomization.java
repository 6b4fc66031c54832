package routes.deploy;

import java.util.List;
import java.util.Map;

/** A kustomization.yaml, only the fields these manifests use, read with unknown properties failing. */
record Kustomization(String apiVersion, String kind, String namespace, List<String> resources, List<Labels> labels,
                     List<Image> images, List<Patch> patches) {

    record Labels(Map<String, String> pairs) {
    }

    record Image(String name, String newName, String newTag) {
    }

    record Patch(String path) {
    }
}
