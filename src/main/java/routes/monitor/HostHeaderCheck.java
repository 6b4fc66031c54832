package routes.monitor;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.config.PipelineSettings;
import routes.config.Setting;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Refuses (403) a request whose {@code Host} header names a host this server does not answer to. DNS rebinding
 * points an attacker's name at 127.0.0.1 (or at the pod): the browser then takes the attacker's page and this server
 * for one origin and sends no {@code Origin} on a GET, but its {@code Host} still carries the attacker's name. A
 * request passes when its Host is an IP literal (no name was resolved), {@code localhost}, or a name of
 * {@code pipeline.http.allowed-hosts}; a request without Host (HTTP/1.0, not a browser) passes too.
 */
public final class HostHeaderCheck {

    private static final Logger LOG = LoggerFactory.getLogger(HostHeaderCheck.class);
    /** The loopback names a browser on this machine uses; IP literals pass anyway. */
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+]");
    /** Before every other route of the server, authentication's included. */
    private static final int FIRST = -2_000;

    private final Set<String> names;

    private HostHeaderCheck(Set<String> names) {
        this.names = Set.copyOf(names);
    }

    /** Loopback names plus {@code pipeline.http.allowed-hosts}. */
    public static HostHeaderCheck of(PipelineSettings settings) {
        return of(settings.get(Setting.HTTP_ALLOWED_HOSTS));
    }

    /** Loopback names plus the comma-separated {@code list} (checked by the setting's rule). */
    static HostHeaderCheck of(String list) {
        Set<String> names = new HashSet<>(LOOPBACK_NAMES);
        Arrays.stream(list.split(",")).map(HostHeaderCheck::normalize).filter(n -> !n.isEmpty()).forEach(names::add);
        return new HostHeaderCheck(names);
    }

    /** Puts the check in front of every route of {@code router}. */
    void install(Router router) {
        router.route().order(FIRST).handler(this::handle);
    }

    private void handle(RoutingContext routing) {
        String host = routing.request().getHeader("Host");
        if (allowsHostHeader(host)) {
            routing.next();
            return;
        }
        LOG.warn("http: refused a request for host {} (not in {})", printable(host), Setting.HTTP_ALLOWED_HOSTS);
        routing.response().setStatusCode(403).putHeader("Content-Type", "text/plain")
                .end("this server does not answer to that host name (" + Setting.HTTP_ALLOWED_HOSTS + ")\n");
    }

    /** The decision on a Host header ({@code name[:port]}, {@code [v6]:port}). */
    boolean allowsHostHeader(String header) {
        if (header == null) {
            return true;
        }
        String host = normalize(withoutPort(header.trim()));
        return IPV4.matcher(host).matches() || IPV6.matcher(host).matches() || names.contains(host);
    }

    /** Whether {@code host} (from an Origin or Referer) is a name this server answers to. */
    boolean isAllowedName(String host) {
        return names.contains(normalize(host));
    }

    private static String withoutPort(String hostAndPort) {
        if (hostAndPort.startsWith("[")) {
            int end = hostAndPort.indexOf(']');
            return end < 0 ? hostAndPort : hostAndPort.substring(0, end + 1);
        }
        int colon = hostAndPort.indexOf(':');
        return colon < 0 || colon != hostAndPort.lastIndexOf(':') ? hostAndPort : hostAndPort.substring(0, colon);
    }

    /** Lower case, without the root's trailing dot ({@code localhost.} is {@code localhost}). */
    private static String normalize(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** The header as a log may show it: what a host name can hold, at most 64 characters. */
    private static String printable(String host) {
        String clean = host == null ? "" : host.replaceAll("[^A-Za-z0-9.:\\[\\]-]", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "…" : clean;
    }
}
