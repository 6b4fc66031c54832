package routes.monitor;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses (403) Jolokia requests a browser sends on behalf of a page from another site, so a web page open on
 * the operator's machine cannot POST (or GET) to a Jolokia without basic auth on 127.0.0.1. A request is
 * refused when its {@code Origin} (or, without one, its {@code Referer}) is not an http(s) origin on this host's
 * loopback, or when the browser marks it {@code Sec-Fetch-Site: cross-site}. Requests without those headers
 * (curl, scrapers, Hawtio's server-side proxy) pass. Jolokia's own {@code <cors><strict-checking/>} would also
 * refuse every request without an Origin, curl's included, so the check is a handler in front of Jolokia's.
 */
public final class JolokiaOriginCheck {

    private static final Logger LOG = LoggerFactory.getLogger(JolokiaOriginCheck.class);
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");
    /** Before Jolokia's own route (Vert.x runs routes in ascending order, the default being their index). */
    private static final int BEFORE_JOLOKIA = -1_000;

    private JolokiaOriginCheck() {
    }

    /** Puts the check in front of Jolokia's route on the management HTTP server (no-op without one). */
    public static void install(CamelContext context) {
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        if (server == null || server.getRouter() == null || !server.isJolokiaEnabled()) {
            return;
        }
        server.getRouter().route(server.getJolokiaPath() + "*").order(BEFORE_JOLOKIA).handler(JolokiaOriginCheck::handle);
    }

    private static void handle(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        if (allowed(request.getHeader("Origin"), request.getHeader("Referer"), request.getHeader("Sec-Fetch-Site"))) {
            routing.next();
            return;
        }
        LOG.warn("jolokia: refused a cross-origin request from a browser (origin {})", originForLog(request));
        routing.response().setStatusCode(403).putHeader("Content-Type", "text/plain")
                .end("cross-origin requests to Jolokia are refused\n");
    }

    /** The decision: no browser marks, or marks that all say this host's loopback. */
    static boolean allowed(String origin, String referer, String fetchSite) {
        if (fetchSite != null && fetchSite.trim().equalsIgnoreCase("cross-site")) {
            return false;
        }
        if (origin != null) {
            return isLoopbackOrigin(origin);
        }
        return referer == null || isLoopbackOrigin(referer);
    }

    private static boolean isLoopbackOrigin(String value) {
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && LOOPBACK_HOSTS.contains(host);
        } catch (Exception e) {
            return false;
        }
    }

    /** Scheme and host only: a Referer's path and query could carry anything. */
    private static String originForLog(HttpServerRequest request) {
        String value = request.getHeader("Origin") != null ? request.getHeader("Origin") : request.getHeader("Referer");
        try {
            URI uri = new URI(value == null ? "" : value.trim());
            return uri.getScheme() + "://" + uri.getHost();
        } catch (Exception e) {
            return "unparsable";
        }
    }
}
