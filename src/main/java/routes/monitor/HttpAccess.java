package routes.monitor;

import routes.config.PipelineSettings;
import routes.config.Setting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * Who may reach the HTTP server's management paths. The server binds to {@code pipeline.http.host}
 * (127.0.0.1 by default); Jolokia's own policy is {@code jolokia-access.xml}. When {@code pipeline.http.auth-user}
 * is set, the paths under {@code pipeline.http.auth-path} also ask for HTTP basic auth: camel-platform-http-main
 * reads users from a Vert.x properties file, so the credentials are written at startup into a temporary file
 * that only the owner can read, deleted when the JVM exits.
 */
public final class HttpAccess {

    private HttpAccess() {
    }

    /** The {@code camel.management.*} properties of the HTTP server's authentication (empty when off). */
    public static Properties camelProperties(PipelineSettings settings) {
        Properties properties = new Properties();
        String user = settings.get(Setting.HTTP_AUTH_USER).trim();
        if (user.isEmpty()) {
            return properties;
        }
        String password = settings.secret(Setting.HTTP_AUTH_PASSWORD);
        validate(user, password);
        properties.setProperty("camel.management.authentication-enabled", "true");
        properties.setProperty("camel.management.authentication-path", settings.get(Setting.HTTP_AUTH_PATH));
        properties.setProperty("camel.management.basic-properties-file", usersFile(user, password).toString());
        return properties;
    }

    /** The Vert.x format is "user.NAME = PASSWORD,ROLE…" split on '=' and ',': refuse what it cannot carry. */
    static void validate(String user, String password) {
        if (!user.matches("[A-Za-z0-9_.@-]{1,64}")) {
            throw new IllegalArgumentException("pipeline.http.auth-user must be 1-64 of [A-Za-z0-9_.@-]");
        }
        if (password.isEmpty() || password.length() < 12) {
            throw new IllegalArgumentException("pipeline.http.auth-password (or -file) must be at least 12 characters when pipeline.http.auth-user is set");
        }
        if (password.chars().anyMatch(c -> c == ',' || c == '\n' || c == '\r' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("pipeline.http.auth-password must not contain ',' or whitespace");
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
