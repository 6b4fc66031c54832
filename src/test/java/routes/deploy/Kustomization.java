package routes.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A kustomization.yaml (or a Component's), only the fields these manifests use, read with unknown properties failing. */
record Kustomization(String apiVersion, String kind, String namespace, List<String> resources, List<String> components,
                     List<Labels> labels, List<Image> images, List<Patch> patches, List<Generator> configMapGenerator,
                     List<Replacement> replacements) {

    static Kustomization read(Path dir) throws IOException {
        return Manifests.YAML.readValue(dir.resolve("kustomization.yaml").toFile(), Kustomization.class);
    }

    record Labels(Map<String, String> pairs) {
    }

    record Image(String name, String newName, String newTag, String digest) {
    }

    record Patch(String path, Selector target) {
    }

    record Generator(String name, String behavior, List<String> envs) {
    }

    record Replacement(Source source, List<Target> targets) {
    }

    record Source(String kind, String name, String fieldPath) {
    }

    record Target(Selector select, List<String> fieldPaths, Options options) {
    }

    record Selector(String kind, String name) {
    }

    record Options(Boolean create) {
    }
}
