package routes.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import routes.charts.ChartHtml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The status page on the HTTP server that serves /observe (camel-platform-http-main's management server, so
 * its host, port and {@code pipeline.http.auth-*} settings apply): {@value #JSON_PATH} answers the
 * {@link StatusReport}, {@code /} the page, {@code /status/*} its script, style and the project's charts (charts.js
 * on uPlot, from its webjar: {@link ChartHtml}). Only the listed files are served: no directory of the classpath is exposed.
 */
public final class StatusHttp {

    public static final String JSON_PATH = "/observe/status";
    static final Map<String, Asset> ASSETS = assets();

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One file of the page: where it lies on the classpath and its content type. */
    record Asset(String resource, String contentType) {
        Buffer load() {
            try (InputStream in = StatusHttp.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing from the jar: " + resource);
                }
                return Buffer.buffer(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private StatusHttp() {
    }

    private static Map<String, Asset> assets() {
        Map<String, Asset> assets = new LinkedHashMap<>();
        assets.put("/", new Asset("status/index.html", "text/html; charset=utf-8"));
        assets.put("/status/status.js", new Asset("status/status.js", "text/javascript; charset=utf-8"));
        assets.put("/status/status.css", new Asset("status/status.css", "text/css; charset=utf-8"));
        assets.put("/status/uPlot.iife.min.js", new Asset(ChartHtml.UPLOT_JS, "text/javascript; charset=utf-8"));
        assets.put("/status/uPlot.min.css", new Asset(ChartHtml.UPLOT_CSS, "text/css; charset=utf-8"));
        assets.put("/status/charts.js", new Asset(ChartHtml.CHARTS_JS, "text/javascript; charset=utf-8"));
        return Map.copyOf(assets);
    }

    /** Adds the page's paths to the management server's router; false when the context runs no such server. */
    public static boolean serve(CamelContext context, Supplier<StatusReport> reports) {
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        if (server == null || server.getRouter() == null) {
            return false;
        }
        serve(server.getRouter(), reports);
        return true;
    }

    static void serve(Router router, Supplier<StatusReport> reports) {
        router.get(JSON_PATH).handler(ctx -> json(ctx, reports));
        ASSETS.forEach((path, asset) -> {
            Buffer content = asset.load();
            router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> ctx.response()
                    .putHeader("Content-Type", asset.contentType())
                    .putHeader("Cache-Control", "no-cache")
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .end(content));
        });
    }

    private static void json(RoutingContext ctx, Supplier<StatusReport> reports) {
        try {
            ctx.response().putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .end(Buffer.buffer(JSON.writeValueAsBytes(reports.get())));
        } catch (Exception e) {
            ctx.fail(e);
        }
    }
}
