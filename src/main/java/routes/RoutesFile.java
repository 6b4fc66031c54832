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
import routes.offsets.RecordCompletions;
import routes.offsets.WatermarkConsumerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The routes a pipeline runs: the packaged {@code routes.yaml}, or an edited copy given with {@code --routes FILE}.
 * A copy is checked before anything starts: it must parse, it must keep the aggregators
 * ({@value #BATCH_AGGREGATOR}, {@value #LOAD_AGGREGATOR}) with their controllers for the roles that run, its Kafka
 * consumers must commit through {@value #WATERMARK_COMMITS} only (with Kafka's auto-commit off) and move their
 * watermarks through the record completions, and it must keep every step of the packaged routes except the
 * optional ones ({@link RequiredSteps}), so a broken file stops the command with the file, route or line and reason
 * instead of leaving half a pipeline running, or one that loses events.
 */
public final class RoutesFile {

    /** Where camel-main finds the packaged routes (application.properties: camel.main.routes-include-pattern). */
    public static final String PACKAGED = "routes.yaml";
    public static final String BATCH_AGGREGATOR = "batch-aggregator";
    public static final String LOAD_AGGREGATOR = "load-aggregator";
    /** The bean that commits consumer offsets up to the watermarks (routes.offsets.WatermarkConsumerFactory). */
    public static final String WATERMARK_COMMITS = WatermarkConsumerFactory.BEAN;
    static final String INCLUDE_PATTERN = "camel.main.routes-include-pattern";
    /** The camel-kafka consumer options every Kafka consumer of the pipeline must set (see requireWatermarkCommits). */
    private static final String AUTO_COMMIT = "autoCommitEnable";
    private static final String CLIENT_FACTORY = "kafkaClientFactory";
    private static final String MANUAL_COMMIT = "allowManualCommit";
    private static final String MANUAL_COMMIT_FACTORY = "kafkaManualCommitFactory";
    private static final String BREAK_ON_FIRST_ERROR = "breakOnFirstError";

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

    /**
     * Parses {@code file} (and the packaged routes) into contexts that are never started, and checks what the
     * exactly-once promise needs of the routes the configured roles run: the Kafka consumers' commit options, the
     * aggregators with their controllers, and every step of the packaged routes but the optional ones
     * ({@link RequiredSteps}). The first problem found is refused in one line naming the file, the route and what is
     * missing.
     */
    static void check(Path file, PipelineSettings settings) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidRoutesException(file + ": no such file");
        }
        List<RouteDefinition> routes;
        try {
            routes = runningRoutes("file:" + file, settings);
        } catch (InvalidRoutesException e) {
            throw e;
        } catch (Exception e) {
            throw new InvalidRoutesException(describe(file, e), e);
        }
        for (RouteDefinition route : routes) {
            requireWatermarkCommits(file, route);
        }
        requireAggregator(file, routes, "batcher-consume", BATCH_AGGREGATOR, PipelineBeans.BATCH_AGGREGATE_CONTROLLER,
                settings.getBoolean(Setting.ROLE_BATCHER), "batcher",
                "it completes the open batches on revoke, on stop and over the memory budget");
        requireAggregator(file, routes, "loader-consume", LOAD_AGGREGATOR, PipelineBeans.LOAD_AGGREGATE_CONTROLLER,
                settings.getBoolean(Setting.ROLE_LOADER), "loader",
                "it completes the open load cycles on revoke and stop, and starts a table's next cycle");
        List<RouteDefinition> packaged;
        try {
            packaged = runningRoutes("classpath:" + PACKAGED, settings);
        } catch (Exception e) {
            throw new IllegalStateException("the packaged " + PACKAGED + " does not load: " + e.getMessage(), e);
        }
        RequiredSteps.firstMissing(packaged, routes).ifPresent(missing -> {
            throw new InvalidRoutesException(file + ": " + missing);
        });
    }

    /** The routes of {@code location} whose precondition (the role they belong to) holds with these settings. */
    private static List<RouteDefinition> runningRoutes(String location, PipelineSettings settings) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getCamelContextExtension().setName("routes-check");
            context.getPropertiesComponent().setInitialProperties(settings.asProperties());
            Resource resource = ResourceHelper.resolveResource(context, location);
            PluginHelper.getRoutesLoader(context).loadRoutes(resource);
            List<RouteDefinition> running = new ArrayList<>();
            for (RouteDefinition route : context.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions()) {
                String precondition = route.getPrecondition();
                if (precondition == null || Boolean.parseBoolean(context.resolvePropertyPlaceholders(precondition).trim())) {
                    running.add(route);
                }
            }
            return running;
        }
    }

    /**
     * A Kafka consumer of the pipeline commits only through the watermark client factory: without it its offsets would
     * never be committed; without {@code autoCommitEnable=false} (camel-kafka's default is true) the Kafka client
     * commits every polled offset on its own, past batches still open, which a crash then loses. The record
     * completions (camel-kafka's manual-commit hook) are what moves the watermarks, and a failed record must be
     * delivered again ({@code breakOnFirstError}) rather than skipped.
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
        if (!"true".equalsIgnoreCase(parameters.getOrDefault(MANUAL_COMMIT, "").trim())
                || !("#" + RecordCompletions.BEAN).equals(parameters.getOrDefault(MANUAL_COMMIT_FACTORY, "").trim())) {
            missing.add(MANUAL_COMMIT + ": true with " + MANUAL_COMMIT_FACTORY + ": \"#" + RecordCompletions.BEAN
                    + "\" (nothing would move its watermarks: its offsets would never be committed)");
        }
        if (!"true".equalsIgnoreCase(parameters.getOrDefault(BREAK_ON_FIRST_ERROR, "").trim())) {
            missing.add(BREAK_ON_FIRST_ERROR + ": true (a failed record would be skipped, not delivered again)");
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

    private static void requireAggregator(Path file, List<RouteDefinition> routes, String routeId, String id, String controller,
                                          boolean roleRuns, String role, String why) {
        if (!roleRuns) {
            return;
        }
        for (RouteDefinition route : routes) {
            for (AggregateDefinition aggregate : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), AggregateDefinition.class)) {
                if (id.equals(aggregate.getId())) {
                    if (!("#" + controller).equals(aggregate.getAggregateController())) {
                        throw new InvalidRoutesException(file + ": route " + route.getRouteId() + " has aggregate " + id
                                + " without aggregateController: \"#" + controller + "\" (" + why + "); keep it when editing");
                    }
                    return;
                }
            }
        }
        throw new InvalidRoutesException(file + ": route " + routeId + " has no aggregate with id " + id + "; the " + role
                + " completes its open groups through it on rebalance and stop (keep the id when editing)");
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
