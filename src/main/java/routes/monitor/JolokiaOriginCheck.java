package routes.monitor;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.Locale;

/**
 * Refuses (403) Jolokia requests a browser sends on behalf of a page from another site, so a web page open on
 * the operator's machine cannot POST (or GET) to a Jolokia without basic auth on 127.0.0.1. A request is
 * refused when its {@code Origin} (or, without one, its {@code Referer}) is not an http(s) origin on this host's
 * loopback or a name of {@code pipeline.http.allowed-hosts}, or when the browser marks it
 * {@code Sec-Fetch-Site: cross-site}. A browser fooled by DNS rebinding sends none of these on a GET: its
 * {@code Host} header gives it away ({@link HostHeaderCheck}, in front of every path). Requests without those headers
 * (curl, scrapers, Hawtio's server-side proxy) pass. Jolokia's own {@code <cors><strict-checking/>} would also
 * refuse every request without an Origin, curl's included, so the check is a handler in front of Jolokia's.
 */
public final class JolokiaOriginCheck {

    private static final Logger LOG = LoggerFactory.getLogger(JolokiaOriginCheck.class);
    /** Before Jolokia's own route (Vert.x runs routes in ascending order, the default being their index). */
    private static final int BEFORE_JOLOKIA = -1_000;

    private JolokiaOriginCheck() {
    }

    /** Puts the check in front of Jolokia's route on the management HTTP server. */
    static void install(Router router, String jolokiaPath, HostHeaderCheck hosts) {
        router.route(jolokiaPath + "*").order(BEFORE_JOLOKIA).handler(routing -> handle(routing, hosts));
    }

    private static void handle(RoutingContext routing, HostHeaderCheck hosts) {
        HttpServerRequest request = routing.request();
        if (allowed(hosts, request.getHeader("Origin"), request.getHeader("Referer"), request.getHeader("Sec-Fetch-Site"))) {
            routing.next();
            return;
        }
        LOG.warn("jolokia: refused a cross-origin request from a browser (origin {})", originForLog(request));
        routing.response().setStatusCode(403).putHeader("Content-Type", "text/plain")
                .end("cross-origin requests to Jolokia are refused\n");
    }

    /** The decision: no browser marks, or marks that all say a host this server answers to. */
    static boolean allowed(HostHeaderCheck hosts, String origin, String referer, String fetchSite) {
        if (fetchSite != null && fetchSite.trim().equalsIgnoreCase("cross-site")) {
            return false;
        }
        if (origin != null) {
            return isAllowedOrigin(hosts, origin);
        }
        return referer == null || isAllowedOrigin(hosts, referer);
    }

    private static boolean isAllowedOrigin(HostHeaderCheck hosts, String value) {
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && hosts.isAllowedName(uri.getHost());
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
