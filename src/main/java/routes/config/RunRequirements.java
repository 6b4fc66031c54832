package routes.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings {@code run} must be given: their defaults are local mode's (endpoints on 127.0.0.1, the
 * local bucket, the postgresql dialect, the local warehouse user and password), so a production start that
 * missed one would quietly talk to this machine. {@code local}, {@code bench} and the tests keep the
 * defaults; only {@code run} checks, before it contacts anything, and names every missing one at once.
 */
public final class RunRequirements {

    private enum Role { BOTH, BATCHER, LOADER }

    private record Requirement(String key, String fileKey, Role role, String hint) {
    }

    private static final List<Requirement> REQUIRED = List.of(
            new Requirement(Setting.KAFKA_BOOTSTRAP_SERVERS, null, Role.BOTH, "Kafka bootstrap servers"),
            new Requirement(Setting.S3_BUCKET, null, Role.BOTH, "bucket for batches and manifests"),
            new Requirement(Setting.S3_ENDPOINT, null, Role.BOTH, "S3 endpoint; set it empty for AWS"),
            new Requirement(Setting.WAREHOUSE_DIALECT, null, Role.BOTH, "redshift or postgresql"),
            new Requirement(Setting.SANITIZE_HMAC_KEY, Setting.SANITIZE_HMAC_KEY_FILE, Role.BATCHER,
                    "HMAC key of hashed fields, not empty"),
            new Requirement(Setting.WAREHOUSE_JDBC_URL, null, Role.LOADER, "JDBC URL of the warehouse"),
            new Requirement(Setting.WAREHOUSE_USER, null, Role.LOADER, "warehouse user"),
            new Requirement(Setting.WAREHOUSE_PASSWORD, Setting.WAREHOUSE_PASSWORD_FILE, Role.LOADER,
                    "warehouse password"));

    private RunRequirements() {
    }

    /** One line per missing setting, by its environment variable(s), key and meaning; empty when none is. */
    public static List<String> missing(PipelineSettings settings) {
        boolean batcher = settings.getBoolean(Setting.ROLE_BATCHER);
        boolean loader = settings.getBoolean(Setting.ROLE_LOADER);
        List<String> missing = new ArrayList<>();
        for (Requirement r : REQUIRED) {
            boolean needed = r.role() == Role.BOTH || (r.role() == Role.BATCHER ? batcher : loader);
            if (needed && !isSatisfied(settings, r)) {
                String names = PipelineSettings.environmentName(r.key())
                        + (r.fileKey() == null ? "" : " or " + PipelineSettings.environmentName(r.fileKey()));
                missing.add(names + " (" + r.key() + "): " + r.hint());
            }
        }
        return missing;
    }

    /** Refuses, naming every missing setting, or returns when {@code run} has what it needs. */
    public static void check(PipelineSettings settings) {
        List<String> missing = missing(settings);
        if (!missing.isEmpty()) {
            throw new SettingsException("run does not start on local mode's defaults; set "
                    + (missing.size() == 1 ? "this setting" : "these " + missing.size() + " settings")
                    + " (environment variable, --config FILE or --key=value):\n  " + String.join("\n  ", missing));
        }
    }

    private static boolean isSatisfied(PipelineSettings settings, Requirement r) {
        if (r.key().equals(Setting.SANITIZE_HMAC_KEY)) {
            return !settings.secret(r.key()).isEmpty(); // no fallback key exists: empty is as bad as absent
        }
        return settings.isGiven(r.key()) || (r.fileKey() != null && settings.isGiven(r.fileKey()));
    }
}
