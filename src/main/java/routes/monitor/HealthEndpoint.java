package routes.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Camel's health paths ({@code /observe/health}, {@code /live}, {@code /ready}) answered without exception text or
 * stack traces, to anyone. camel-platform-http-main's own handler serves a check's error messages with
 * {@code ?exposureLevel=full} and its stack trace with {@code ?stackTrace=true}, and those name hosts, users, paths
 * and classes; this handler takes its place and answers the same shape ({@code status}, {@code checks} with
 * {@code name}, {@code status}, {@code message}), the same levels and the same codes (503 when DOWN), ignoring
 * {@code stackTrace} and {@code data}. A check's message is served only when it carries no error (camel-kafka writes
 * the error's text into it): then the error's class stands in ({@link #servedMessage}). The log has the detail.
 */
public final class HealthEndpoint {

    private static final Set<String> LEVELS = Set.of("oneline", "default", "full");
    private static final ObjectMapper JSON = new ObjectMapper();

    private enum Kind { ALL, LIVE, READY }

    private HealthEndpoint() {
    }

    /**
     * Replaces Camel's routes on {@code healthPath}, {@code /live} and {@code /ready} with this handler. Replaced
     * rather than put in front: a route added now comes after the authentication routes the server set up first, so
     * {@code pipeline.http.auth-path=/*} still asks for credentials here.
     */
    static void install(Router router, String healthPath, CamelContext context) {
        Map<String, Kind> paths = Map.of(healthPath, Kind.ALL, healthPath + "/live", Kind.LIVE, healthPath + "/ready", Kind.READY);
        List.copyOf(router.getRoutes()).stream().filter(r -> r.getPath() != null && paths.containsKey(r.getPath())).forEach(Route::remove);
        // a check may wait for its timeout: off the event loop, like Camel's own handler
        paths.forEach((path, kind) -> router.route(path).method(HttpMethod.GET)
                .blockingHandler(ctx -> answer(ctx, context, kind), true));
    }

    private static void answer(RoutingContext ctx, CamelContext context, Kind kind) {
        String level = level(ctx.request().getParam("exposureLevel"), context);
        Collection<HealthCheck.Result> results = switch (kind) {
            case ALL -> HealthCheckHelper.invoke(context, level);
            case LIVE -> HealthCheckHelper.invokeLiveness(context, level);
            case READY -> HealthCheckHelper.invokeReadiness(context, level);
        };
        boolean up = HealthCheckHelper.isResultsUp(results, kind == Kind.READY);
        try {
            ctx.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store").end(body(results, up, level));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }

    /** The level asked for when it is one of Camel's, else the configured one ({@code camel.health.exposure-level}). */
    private static String level(String asked, CamelContext context) {
        if (asked != null && LEVELS.contains(asked)) {
            return asked;
        }
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        return registry == null ? "default" : registry.getExposureLevel();
    }

    static String body(Collection<HealthCheck.Result> results, boolean up, String level) throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        if (!level.equals("oneline")) {
            List<Map<String, Object>> checks = new ArrayList<>();
            for (HealthCheck.Result result : results) {
                if (level.equals("full") || result.getState() == HealthCheck.State.DOWN) {
                    Map<String, Object> check = new LinkedHashMap<>();
                    check.put("name", result.getCheck().getId());
                    check.put("status", result.getState().name());
                    servedMessage(result).ifPresent(m -> check.put("message", m));
                    checks.add(check);
                }
            }
            if (!checks.isEmpty()) {
                body.put("checks", checks);
            }
        }
        return JSON.writeValueAsString(body);
    }

    /**
     * What a result may show to whoever asks: its message when it carries no error, else only the error's class (its
     * text, and a message built from it, may name hosts, users and paths).
     */
    public static Optional<String> servedMessage(HealthCheck.Result result) {
        if (result.getError().isPresent()) {
            return Optional.of("failed: " + result.getError().get().getClass().getSimpleName());
        }
        return result.getMessage();
    }
}
