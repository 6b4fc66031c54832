package routes.deploy;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What one maven-shade execution in pom.xml leaves out: its artifactSet excludes ({@code group:artifact}, {@code *}
 * wildcards) and its path filters per artifact ({@code **} globs), read from the pom as written, so a test can ask
 * whether a class of a dependency reaches that jar before the jar is built.
 */
final class ShadeFilter {

    private record PathFilter(Pattern artifact, List<String> excludes) {
    }

    private final List<Pattern> excludedArtifacts;
    private final List<PathFilter> filters;

    private ShadeFilter(List<Pattern> excludedArtifacts, List<PathFilter> filters) {
        this.excludedArtifacts = excludedArtifacts;
        this.filters = filters;
    }

    /** The plugin-wide filters plus those of the execution with this id. */
    static ShadeFilter of(Path pom, String executionId) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        Element shade = null;
        for (Element plugin : elements(doc.getDocumentElement(), "plugin")) {
            if ("maven-shade-plugin".equals(text(plugin, "artifactId")) && child(plugin, "executions") != null) {
                shade = plugin;
            }
        }
        if (shade == null) {
            throw new IllegalStateException("no maven-shade-plugin with executions in " + pom);
        }
        Map<String, String> properties = Map.of("${project.groupId}", text(doc.getDocumentElement(), "groupId"),
                "${project.artifactId}", text(doc.getDocumentElement(), "artifactId"));
        List<Pattern> artifacts = new ArrayList<>();
        List<PathFilter> filters = new ArrayList<>();
        readFilters(child(shade, "configuration"), properties, filters);
        for (Element execution : elements(child(shade, "executions"), "execution")) {
            if (executionId.equals(text(execution, "id"))) {
                Element configuration = child(execution, "configuration");
                Element artifactSet = configuration == null ? null : child(configuration, "artifactSet");
                if (artifactSet != null) {
                    for (Element exclude : elements(child(artifactSet, "excludes"), "exclude")) {
                        artifacts.add(wildcard(exclude.getTextContent().trim()));
                    }
                }
                readFilters(configuration, properties, filters);
                return new ShadeFilter(artifacts, filters);
            }
        }
        throw new IllegalStateException("no shade execution " + executionId + " in " + pom);
    }

    /** Whether the jar gets {@code entry} (a path such as {@code a/b/C.class}) of {@code artifact} ({@code group:artifact}). */
    boolean keeps(String artifact, String entry) {
        if (excludedArtifacts.stream().anyMatch(p -> p.matcher(artifact).matches())) {
            return false;
        }
        return filters.stream().filter(f -> f.artifact().matcher(artifact).matches())
                .flatMap(f -> f.excludes().stream())
                .noneMatch(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(Path.of(entry)));
    }

    private static void readFilters(Element configuration, Map<String, String> properties, List<PathFilter> into) {
        Element filters = configuration == null ? null : child(configuration, "filters");
        if (filters == null) {
            return;
        }
        for (Element filter : elements(filters, "filter")) {
            String artifact = text(filter, "artifact");
            for (Map.Entry<String, String> p : properties.entrySet()) {
                artifact = artifact.replace(p.getKey(), p.getValue());
            }
            List<String> excludes = new ArrayList<>();
            Element list = child(filter, "excludes");
            if (list != null) {
                for (Element exclude : elements(list, "exclude")) {
                    excludes.add(exclude.getTextContent().trim());
                }
            }
            into.add(new PathFilter(wildcard(artifact), excludes));
        }
    }

    private static Pattern wildcard(String artifact) {
        return Pattern.compile(Pattern.quote(artifact).replace("*", "\\E.*\\Q"));
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? "" : e.getTextContent().trim();
    }

    private static List<Element> elements(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList all = parent.getElementsByTagName(name);
        for (int i = 0; i < all.getLength(); i++) {
            found.add((Element) all.item(i));
        }
        return found;
    }
}
