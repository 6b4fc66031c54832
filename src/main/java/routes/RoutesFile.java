package routes;

import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.AggregateDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import routes.config.PipelineSettings;
import routes.config.Setting;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The routes a pipeline runs: the packaged {@code routes.yaml}, or an edited copy given with {@code --routes FILE}.
 * A copy is checked before anything starts: it must parse, it must keep the aggregator ids the Java side
 * reaches ({@value #BATCH_AGGREGATOR}, {@value #LOAD_AGGREGATOR}) for the roles that run, and its Kafka consumers
 * must commit through {@value #WATERMARK_COMMITS} only (with Kafka's auto-commit off), so a broken file stops
 * the command with the file, line and reason instead of leaving half a pipeline running.
 */
public final class RoutesFile {

    /** Where camel-main finds the packaged routes (application.properties: camel.main.routes-include-pattern). */
    public static final String PACKAGED = "routes.yaml";
    public static final String BATCH_AGGREGATOR = "batch-aggregator";
    public static final String LOAD_AGGREGATOR = "load-aggregator";
    /** The bean that commits consumer offsets up to the watermarks (routes.offsets.WatermarkConsumerFactory). */
    public static final String WATERMARK_COMMITS = "watermarkCommits";
    static final String INCLUDE_PATTERN = "camel.main.routes-include-pattern";
    /** The camel-kafka consumer options every Kafka consumer of the pipeline must set (see requireWatermarkCommits). */
    private static final String AUTO_COMMIT = "autoCommitEnable";
    private static final String CLIENT_FACTORY = "kafkaClientFactory";

    private RoutesFile() {
    }

    /** Writes the packaged routes to {@code target}; refuses to overwrite unless {@code replace}. */
    public static void export(Path target, boolean replace) throws IOException {
        if (Files.exists(target) && !replace) {
            throw new IOException(target + " exists (--force replaces it)");
        }
        try (InputStream packaged = RoutesFile.class.getClassLoader().getResourceAsStream(PACKAGED)) {
            if (packaged == null) {
                throw new IllegalStateException(PACKAGED + " is missing from the application jar");
            }
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(target, packaged.readAllBytes());
        }
    }

    /**
     * Checks {@code file} and points the settings at it (and, with {@code reload}, has Camel reload its routes when
     * the file is saved).
     *
     * @throws InvalidRoutesException naming the file, and the line and column when the YAML says where
     */
    public static void use(Path file, boolean reload, PipelineSettings.Builder builder) {
        Path absolute = file.toAbsolutePath().normalize();
        check(absolute, builder.build());
        builder.set(INCLUDE_PATTERN, "file:" + absolute);
        if (reload) {
            // Camel's route watcher: a saved edit stops and removes every route, then adds the file's routes again
            builder.set("camel.main.routes-reload-enabled", "true");
            builder.set("camel.main.routes-reload-directory", absolute.getParent().toString());
            builder.set("camel.main.routes-reload-pattern", absolute.getFileName().toString());
        }
    }

    /** Parses {@code file} into a context that is never started and checks the aggregator ids the roles need. */
    static void check(Path file, PipelineSettings settings) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidRoutesException(file + ": no such file");
        }
        List<RouteDefinition> routes;
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getCamelContextExtension().setName("routes-check");
            context.getPropertiesComponent().setInitialProperties(settings.asProperties());
            Resource resource = ResourceHelper.resolveResource(context, "file:" + file);
            PluginHelper.getRoutesLoader(context).loadRoutes(resource);
            routes = context.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions();
        } catch (InvalidRoutesException e) {
            throw e;
        } catch (Exception e) {
            throw new InvalidRoutesException(describe(file, e), e);
        }
        Set<String> aggregators = new HashSet<>();
        for (RouteDefinition route : routes) {
            ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), AggregateDefinition.class)
                    .forEach(a -> aggregators.add(a.getId()));
        }
        for (RouteDefinition route : routes) {
            requireWatermarkCommits(file, route);
        }
        requireAggregator(file, aggregators, BATCH_AGGREGATOR, settings.getBoolean(Setting.ROLE_BATCHER), "batcher");
        requireAggregator(file, aggregators, LOAD_AGGREGATOR, settings.getBoolean(Setting.ROLE_LOADER), "loader");
    }

    /**
     * A Kafka consumer of the pipeline commits only through the watermark client factory: without it its offsets would
     * never be committed; without {@code autoCommitEnable=false} (camel-kafka's default is true) the Kafka client
     * commits every polled offset on its own, past batches still open, which a crash then loses.
     */
    private static void requireWatermarkCommits(Path file, RouteDefinition route) {
        String uri = route.getInput() == null ? null : route.getInput().getEndpointUri();
        if (uri == null || !uri.startsWith("kafka:")) {
            return;
        }
        Map<String, String> parameters = queryParameters(uri);
        List<String> missing = new ArrayList<>();
        if (!"false".equalsIgnoreCase(parameters.getOrDefault(AUTO_COMMIT, "").trim())) {
            missing.add(AUTO_COMMIT + ": false (camel-kafka's default, true, has Kafka commit offsets past open batches)");
        }
        if (!("#" + WATERMARK_COMMITS).equals(parameters.getOrDefault(CLIENT_FACTORY, "").trim())) {
            missing.add(CLIENT_FACTORY + ": \"#" + WATERMARK_COMMITS + "\" (its offsets would never be committed)");
        }
        if (!missing.isEmpty()) {
            throw new InvalidRoutesException(file + ": route " + route.getRouteId() + " consumes Kafka without "
                    + String.join(" and without ", missing) + "; keep these parameters when editing");
        }
    }

    /** The endpoint options of {@code uri} as written (placeholders unresolved), URL-decoded. */
    private static Map<String, String> queryParameters(String uri) {
        Map<String, String> parameters = new HashMap<>();
        int query = uri.indexOf('?');
        if (query < 0) {
            return parameters;
        }
        for (String pair : uri.substring(query + 1).split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static void requireAggregator(Path file, Set<String> ids, String id, boolean roleRuns, String role) {
        if (roleRuns && !ids.contains(id)) {
            throw new InvalidRoutesException(file + ": no aggregate with id " + id + "; the " + role
                    + " completes its open groups through it on rebalance and stop (keep the id when editing)");
        }
    }

    /** {@code FILE, line L, column C: problem} from the innermost YAML error, else the deepest message. */
    static String describe(Path file, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException yaml) {
                Optional<Mark> mark = yaml.getProblemMark().or(yaml::getContextMark);
                String problem = yaml.getProblem() == null || yaml.getProblem().isBlank() ? yaml.getContext() : yaml.getProblem();
                return mark.map(m -> file + ", line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1) + ": ")
                        .orElse(file + ": ") + problem;
            }
        }
        return file + ": " + deepest(error).getMessage();
    }

    /** The innermost cause: the one whose message says what went wrong. */
    private static Throwable deepest(Throwable error) {
        Throwable deepest = error;
        while (deepest.getCause() != null) {
            deepest = deepest.getCause();
        }
        return deepest;
    }

    /**
     * What a start that failed while Camel built the routes should report: a routes file that does not fit this
     * pipeline (e.g. a bean it names that the pipeline no longer binds, from a file exported by an older version)
     * becomes an {@link InvalidRoutesException} naming the file, the route and Camel's reason; anything else stays
     * as it was.
     */
    static Exception explainStartFailure(Exception error, PipelineSettings settings) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof FailedToCreateRouteException failed) {
                String pattern = settings.get(INCLUDE_PATTERN);
                boolean edited = pattern.startsWith("file:");
                return new InvalidRoutesException(pattern.replaceFirst("^file:", "") + ": route " + failed.getRouteId()
                        + " cannot be built: " + deepest(failed).getMessage() + (edited ? " (export the routes again and"
                        + " re-apply your edits: `routes export FILE`)" : ""), error);
            }
        }
        return error;
    }

    /** A routes file that cannot run; the message names the file and, when known, the line. */
    public static final class InvalidRoutesException extends RuntimeException {
        InvalidRoutesException(String message) {
            super(message);
        }

        InvalidRoutesException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
