package routes;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering of src/main/java, read from the sources' imports (and fully qualified names): no arrow points back
 * up. A unit is a package below {@code routes}; in the root package, which holds the CLI on top and the assembly
 * under it (PipelineBeans, PipelineRuntime), each class is a unit of its own. Development code (routes.local,
 * routes.bench) sits above everything and only it may use the embedded services' libraries, so the production jar
 * is those two packages cut out (pom.xml, shade execution run-jar).
 */
class PackageLayeringTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final String ROOT = "routes";
    private static final Set<String> DEVELOPMENT = Set.of("routes.local", "routes.bench");
    /** The embedded Kafka broker, S3 server and PostgreSQL, and what only they bring. */
    private static final Pattern DEVELOPMENT_LIBRARIES = Pattern.compile(
            "(kafka|scala|org\\.gaul|org\\.jclouds|io\\.zonky|org\\.bouncycastle|org\\.eclipse\\.jetty)\\..*");

    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)(?:\\.\\*)?;", Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("\\broutes(?:\\.[a-z]\\w*)*\\.[A-Z]\\w*");
    private static final Pattern COMMENTS_AND_STRINGS = Pattern.compile(
            "//[^\\n]*|/\\*.*?\\*/|\"\"\"(?s:.*?)\"\"\"|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'", Pattern.DOTALL);

    private record Source(String unit, String packageName, String simpleName, String code, List<String> imports) {
    }

    @Test
    void noArrowBetweenUnitsPointsBackUp() {
        Map<String, Map<String, Set<String>>> arrows = arrows(sources());
        List<String> circles = circles(arrows);
        assertThat(circles).as("units that import each other (a circle has one arrow pointing back up)").isEmpty();
    }

    @Test
    void theContractAndTheSettingsStandOnNothingOfThePipelines() {
        Map<String, Map<String, Set<String>>> arrows = arrows(sources());
        assertThat(arrows.getOrDefault("routes.contract", Map.of())).as("routes.contract imports").isEmpty();
        assertThat(arrows.getOrDefault("routes.config", Map.of()).keySet()).as("routes.config imports")
                .isSubsetOf("routes.contract");
    }

    @Test
    void productionCodeNeverReachesTheDevelopmentPackagesOrTheirLibraries() {
        List<String> found = new ArrayList<>();
        for (Source source : sources()) {
            if (DEVELOPMENT.contains(source.packageName())) {
                continue;
            }
            for (String imported : source.imports()) {
                if (DEVELOPMENT.stream().anyMatch(p -> imported.startsWith(p + "."))
                        || DEVELOPMENT_LIBRARIES.matcher(imported).matches()) {
                    found.add(source.packageName() + "." + source.simpleName() + " imports " + imported);
                }
            }
        }
        assertThat(found).as("production code that the slim jar would break").isEmpty();
    }

    // ---- reading the sources ---------------------------------------------------------------------

    private static List<Source> sources() {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            List<Source> sources = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String text = Files.readString(file);
                Matcher pkg = PACKAGE.matcher(text);
                assertThat(pkg.find()).as("package line of " + file).isTrue();
                String packageName = pkg.group(1);
                String simpleName = file.getFileName().toString().replace(".java", "");
                String code = COMMENTS_AND_STRINGS.matcher(text).replaceAll(" ");
                List<String> imports = new ArrayList<>();
                IMPORT.matcher(code).results().forEach(m -> imports.add(m.group(1)));
                Matcher qualified = QUALIFIED.matcher(code.replaceAll("(?m)^(package|import) .*$", ""));
                while (qualified.find()) {
                    imports.add(qualified.group());
                }
                String unit = packageName.equals(ROOT) ? ROOT + "." + simpleName : packageName;
                sources.add(new Source(unit, packageName, simpleName, code, imports));
            }
            assertThat(sources).as("sources under " + SOURCES.toAbsolutePath()).hasSizeGreaterThan(100);
            return sources;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** unit -> unit it imports -> the classes named, for the message. */
    private static Map<String, Map<String, Set<String>>> arrows(List<Source> sources) {
        Set<String> rootClasses = new TreeSet<>();
        sources.stream().filter(s -> s.packageName().equals(ROOT)).forEach(s -> rootClasses.add(s.simpleName()));
        Map<String, Map<String, Set<String>>> arrows = new TreeMap<>();
        for (Source source : sources) {
            Map<String, Set<String>> to = arrows.computeIfAbsent(source.unit(), u -> new TreeMap<>());
            for (String imported : source.imports()) {
                String target = unitOf(imported, rootClasses);
                if (target != null && !target.equals(source.unit())) {
                    to.computeIfAbsent(target, t -> new TreeSet<>()).add(source.simpleName() + " -> " + imported);
                }
            }
            if (source.packageName().equals(ROOT)) { // the root's classes name each other without an import
                for (String other : rootClasses) {
                    if (!other.equals(source.simpleName()) && Pattern.compile("\\b" + other + "\\b").matcher(source.code()).find()) {
                        to.computeIfAbsent(ROOT + "." + other, t -> new TreeSet<>()).add(source.simpleName() + " -> " + other);
                    }
                }
            }
        }
        return arrows;
    }

    /** The unit a pipeline class belongs to; null for a name outside the pipeline. */
    private static String unitOf(String name, Set<String> rootClasses) {
        if (!name.startsWith(ROOT + ".")) {
            return null;
        }
        String[] parts = name.split("\\.");
        if (Character.isUpperCase(parts[1].charAt(0))) {
            return rootClasses.contains(parts[1]) ? ROOT + "." + parts[1] : null;
        }
        StringBuilder pkg = new StringBuilder(ROOT);
        for (int i = 1; i < parts.length && Character.isLowerCase(parts[i].charAt(0)); i++) {
            pkg.append('.').append(parts[i]);
        }
        return pkg.toString();
    }

    /** Each strongly connected group of two or more units (Tarjan), with the arrows inside it. */
    private static List<String> circles(Map<String, Map<String, Set<String>>> arrows) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new LinkedHashSet<>();
        List<String> circles = new ArrayList<>();
        for (String unit : arrows.keySet()) {
            if (!index.containsKey(unit)) {
                connect(unit, arrows, index, low, stack, onStack, circles);
            }
        }
        return circles;
    }

    private static void connect(String unit, Map<String, Map<String, Set<String>>> arrows, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<String> circles) {
        index.put(unit, index.size());
        low.put(unit, index.get(unit));
        stack.push(unit);
        onStack.add(unit);
        for (String next : arrows.getOrDefault(unit, Map.of()).keySet()) {
            if (!index.containsKey(next)) {
                connect(next, arrows, index, low, stack, onStack, circles);
                low.put(unit, Math.min(low.get(unit), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(unit, Math.min(low.get(unit), index.get(next)));
            }
        }
        if (low.get(unit).equals(index.get(unit))) {
            Set<String> group = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                group.add(member);
            } while (!member.equals(unit));
            if (group.size() > 1) {
                List<String> inside = new ArrayList<>();
                for (String from : group) {
                    arrows.getOrDefault(from, Map.of()).forEach((to, names) -> {
                        if (group.contains(to)) {
                            inside.add(from + " -> " + to + " " + names);
                        }
                    });
                }
                circles.add(group + ": " + inside);
            }
        }
    }
}
