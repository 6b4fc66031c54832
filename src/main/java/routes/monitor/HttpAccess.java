package routes.monitor;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.main.HttpManagementServerConfigurationProperties;
import org.apache.camel.main.MainConfigurationProperties;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.config.SettingsException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Properties;

/**
 * Who may reach the HTTP server's management paths. The server binds to {@code pipeline.http.host}
 * (127.0.0.1 by default); Jolokia's own policy is {@code jolokia-access.xml}. When {@code pipeline.http.auth-user}
 * is set, the paths under {@code pipeline.http.auth-path} also ask for HTTP basic auth: camel-platform-http-main
 * reads users from a Vert.x properties file, so the credentials are written at startup into a temporary file
 * that only the owner can read, deleted when the JVM exits. A bind beyond loopback without basic auth on Jolokia
 * is refused ({@link #requireAuthenticationBeyondLoopback}): Jolokia's {@code exec} stops routes and reads every
 * MBean, the JVM's system properties included.
 */
public final class HttpAccess {

    /** Camel's Jolokia path on the management server (we keep its default). */
    static final String JOLOKIA_PATH = new HttpManagementServerConfigurationProperties(new MainConfigurationProperties())
            .getJolokiaPath();

    private HttpAccess() {
    }

    /**
     * Refuses, before anything starts, an HTTP server this configuration would expose: beyond loopback without
     * authentication ({@link #requireAuthenticationBeyondLoopback}), or with credentials Vert.x cannot carry.
     *
     * @throws SettingsException naming the settings
     */
    public static void check(PipelineSettings settings) {
        requireAuthenticationBeyondLoopback(settings);
        if (authenticationConfigured(settings)) {
            validate(settings.get(Setting.HTTP_AUTH_USER), password(settings));
        }
    }

    /** The {@code camel.management.*} properties of the HTTP server's authentication (empty when off). */
    public static Properties camelProperties(PipelineSettings settings) {
        check(settings);
        Properties properties = new Properties();
        if (!authenticationConfigured(settings)) {
            return properties;
        }
        String user = settings.get(Setting.HTTP_AUTH_USER);
        String password = password(settings);
        properties.setProperty("camel.management.authentication-enabled", "true");
        properties.setProperty("camel.management.authentication-path", settings.get(Setting.HTTP_AUTH_PATH));
        properties.setProperty("camel.management.basic-properties-file", usersFile(user, password).toString());
        return properties;
    }

    /**
     * Refuses a {@code pipeline.http.host} that is not a loopback address unless basic auth is configured and covers
     * Jolokia: one line naming the settings (a container's {@code -p 8080:8080} would otherwise hand Jolokia to
     * anyone who reaches the port).
     *
     * @throws SettingsException naming the host, the auth settings and the way out
     */
    public static void requireAuthenticationBeyondLoopback(PipelineSettings settings) {
        String host = settings.get(Setting.HTTP_HOST);
        if (isLoopback(host)) {
            return;
        }
        String env = PipelineSettings.environmentName(Setting.HTTP_HOST) + "=" + host;
        if (!authenticationConfigured(settings)) {
            throw new SettingsException(env + " (" + Setting.HTTP_HOST + ") is not a loopback address and HTTP"
                    + " authentication is not configured: set " + PipelineSettings.environmentName(Setting.HTTP_AUTH_USER)
                    + " and " + PipelineSettings.environmentName(Setting.HTTP_AUTH_PASSWORD) + " or "
                    + PipelineSettings.environmentName(Setting.HTTP_AUTH_PASSWORD_FILE) + " (" + Setting.HTTP_AUTH_USER
                    + ", " + Setting.HTTP_AUTH_PASSWORD + "[-file]), or bind " + Setting.HTTP_HOST + " to 127.0.0.1");
        }
        String path = settings.get(Setting.HTTP_AUTH_PATH);
        if (!covers(path, JOLOKIA_PATH)) {
            throw new SettingsException(env + " (" + Setting.HTTP_HOST + ") is not a loopback address and "
                    + Setting.HTTP_AUTH_PATH + "=" + path + " leaves " + JOLOKIA_PATH + " without authentication: set "
                    + PipelineSettings.environmentName(Setting.HTTP_AUTH_PATH) + " to " + JOLOKIA_PATH + "/* or /*");
        }
    }

    /**
     * After the management server started: the Host header check in front of every path, the origin check in front
     * of Jolokia, and health answers without exception text ({@link HealthEndpoint}).
     */
    public static void guard(CamelContext context, PipelineSettings settings) {
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        if (server == null || server.getRouter() == null) {
            return;
        }
        HostHeaderCheck hosts = HostHeaderCheck.of(settings);
        hosts.install(server.getRouter());
        if (server.isJolokiaEnabled()) {
            JolokiaOriginCheck.install(server.getRouter(), server.getJolokiaPath(), hosts);
        }
        if (server.isHealthCheckEnabled()) {
            HealthEndpoint.install(server.getRouter(), server.getHealthPath(), context);
        }
    }

    /** Whether the server's authentication is on: a user is set (its password is then required). */
    static boolean authenticationConfigured(PipelineSettings settings) {
        return !settings.get(Setting.HTTP_AUTH_USER).isEmpty();
    }

    /**
     * Whether {@code host} names this machine's loopback only: a loopback literal, or {@code localhost}. Any other
     * name is taken as reachable from outside (it is not resolved: what it resolves to may change).
     */
    public static boolean isLoopback(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !(h.contains(":") && h.matches("[0-9a-f:.]+"))) {
            return false; // a name: not resolved
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // a literal: parsed, no lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Whether the Vert.x route pattern {@code authPath} ({@code /x/*} or an exact path) covers {@code path}. */
    static boolean covers(String authPath, String path) {
        String pattern = authPath.trim();
        if (pattern.isEmpty() || pattern.equals("/")) {
            return true; // camel-platform-http-main protects the whole server then ("/*")
        }
        if (pattern.endsWith("*")) {
            String prefix = pattern.substring(0, pattern.length() - 1);
            return path.startsWith(prefix) || (path + "/").startsWith(prefix);
        }
        return false; // an exact path leaves the paths below it open
    }

    private static String password(PipelineSettings settings) {
        try {
            return settings.secret(Setting.HTTP_AUTH_PASSWORD);
        } catch (IllegalStateException unreadable) {
            Throwable cause = unreadable.getCause();
            throw new SettingsException(unreadable.getMessage() + (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")"));
        }
    }

    /** The Vert.x format is "user.NAME = PASSWORD,ROLE…" split on '=' and ',': refuse what it cannot carry. */
    static void validate(String user, String password) {
        if (!user.matches("[A-Za-z0-9_.@-]{1,64}")) {
            throw new SettingsException(Setting.HTTP_AUTH_USER + " must be 1-64 of [A-Za-z0-9_.@-]");
        }
        if (password.isEmpty() || password.length() < 12) {
            throw new SettingsException(Setting.HTTP_AUTH_PASSWORD + " (or -file) must be at least 12 characters when "
                    + Setting.HTTP_AUTH_USER + " is set");
        }
        if (password.chars().anyMatch(c -> c == ',' || c == '\n' || c == '\r' || Character.isWhitespace(c))) {
            throw new SettingsException(Setting.HTTP_AUTH_PASSWORD + " must not contain ',' or whitespace");
        }
    }

    private static Path usersFile(String user, String password) {
        try {
            Path file = Files.createTempFile("event-pipeline-http-users-", ".properties",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            file.toFile().deleteOnExit();
            Files.writeString(file, "user." + user + "=" + password + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the HTTP users file", e);
        }
    }
}
