package routes.config;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The settings a production command must be given: their defaults are local mode's (endpoints on 127.0.0.1,
 * the local bucket, the postgresql dialect, the local warehouse user and password), so a command that missed
 * one would quietly talk to this machine. A {@code jdbc:redshift:iam://} URL stands for the password
 * ({@link RedshiftIamAuthentication}). {@code run} needs what its roles use; the operator commands
 * ({@code replay}, {@code janitor}, {@code dlq redrive}, {@code reconcile}) what they touch. {@code local},
 * {@code bench}, {@code preflight} (which reports local defaults as a WARN) and the tests keep the defaults.
 * Each command checks before it contacts anything and names every missing setting at once.
 */
public final class RunRequirements {

    /** What a command talks to. */
    public enum Need {
        /** the Kafka cluster */
        KAFKA,
        /** the bucket and its endpoint */
        S3,
        /** which warehouse SQL to speak (reconcile asks the server instead) */
        DIALECT,
        /** the batcher's hashing key */
        HMAC,
        /** a warehouse connection */
        WAREHOUSE,
        /** the loader's decision on the views per event key (DDL in the warehouse: on only when asked for) */
        VIEWS
    }

    private record Requirement(String key, String fileKey, Need need, String hint) {
    }

    private static final List<Requirement> REQUIRED = List.of(
            new Requirement(Setting.KAFKA_BOOTSTRAP_SERVERS, null, Need.KAFKA, "Kafka bootstrap servers"),
            new Requirement(Setting.S3_BUCKET, null, Need.S3, "bucket for batches and manifests"),
            new Requirement(Setting.S3_ENDPOINT, null, Need.S3, "S3 endpoint; set it empty for AWS"),
            new Requirement(Setting.WAREHOUSE_DIALECT, null, Need.DIALECT, "redshift or postgresql"),
            new Requirement(Setting.SANITIZE_HMAC_KEY, Setting.SANITIZE_HMAC_KEY_FILE, Need.HMAC,
                    "HMAC key of hashed fields, not empty"),
            new Requirement(Setting.WAREHOUSE_JDBC_URL, null, Need.WAREHOUSE, "JDBC URL of the warehouse"),
            new Requirement(Setting.WAREHOUSE_USER, null, Need.WAREHOUSE, "warehouse user"),
            new Requirement(Setting.VIEWS_ENABLED, null, Need.VIEWS, "true or false: whether the loader keeps the views"
                    + " per event key (docs/fields.md)"),
            new Requirement(Setting.WAREHOUSE_PASSWORD, Setting.WAREHOUSE_PASSWORD_FILE, Need.WAREHOUSE,
                    "warehouse password, or IAM authentication with a " + RedshiftIamAuthentication.URL_PREFIX
                            + " JDBC URL"));

    private RunRequirements() {
    }

    /** What {@code run} talks to with the roles it is given. */
    public static Set<Need> ofRun(PipelineSettings settings) {
        Set<Need> needs = EnumSet.of(Need.KAFKA, Need.S3, Need.DIALECT);
        if (settings.getBoolean(Setting.ROLE_BATCHER)) {
            needs.add(Need.HMAC);
        }
        if (settings.getBoolean(Setting.ROLE_LOADER)) {
            needs.add(Need.WAREHOUSE);
            needs.add(Need.VIEWS);
        }
        return needs;
    }

    /** {@code run}'s missing settings (see {@link #missing(PipelineSettings, Set)}). */
    public static List<String> missing(PipelineSettings settings) {
        return missing(settings, ofRun(settings));
    }

    /** One line per missing setting, by its environment variable(s), key and meaning; empty when none is. */
    public static List<String> missing(PipelineSettings settings, Set<Need> needs) {
        List<String> missing = new ArrayList<>();
        for (Requirement r : REQUIRED) {
            if (needs.contains(r.need()) && !isSatisfied(settings, r)) {
                String names = PipelineSettings.environmentName(r.key())
                        + (r.fileKey() == null ? "" : " or " + PipelineSettings.environmentName(r.fileKey()));
                missing.add(names + " (" + r.key() + "): " + r.hint());
            }
        }
        return missing;
    }

    /** Refuses {@code run}, naming every missing setting, or returns when it has what it needs. */
    public static void check(PipelineSettings settings) {
        check(settings, "run", ofRun(settings));
    }

    /** Refuses {@code command}, naming every setting it needs and was not given, or returns. */
    public static void check(PipelineSettings settings, String command, Set<Need> needs) {
        List<String> missing = missing(settings, needs);
        if (!missing.isEmpty()) {
            throw new SettingsException(command + " does not start on local mode's defaults; set "
                    + (missing.size() == 1 ? "this setting" : "these " + missing.size() + " settings")
                    + " (environment variable, --config FILE or --key=value):\n  " + String.join("\n  ", missing));
        }
    }

    private static boolean isSatisfied(PipelineSettings settings, Requirement r) {
        if (r.key().equals(Setting.SANITIZE_HMAC_KEY)) {
            return !settings.secret(r.key()).isEmpty(); // no fallback key exists: empty is as bad as absent
        }
        if (r.key().equals(Setting.WAREHOUSE_PASSWORD)
                && RedshiftIamAuthentication.isIamUrl(settings.get(Setting.WAREHOUSE_JDBC_URL))) {
            return true; // the driver fetches a temporary password with the AWS credentials chain
        }
        return settings.isGiven(r.key()) || (r.fileKey() != null && settings.isGiven(r.fileKey()));
    }
}
