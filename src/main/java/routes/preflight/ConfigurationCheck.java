package routes.preflight;

import routes.contract.Warehouse;
import routes.PipelineBeans;
import routes.config.PipelineSettings;
import routes.config.RedshiftIamAuthentication;
import routes.config.RunRequirements;
import routes.config.RunRequirements.Need;
import routes.config.Setting;
import routes.contract.ObjectKeyLayout;
import routes.load.NotificationValidator;
import routes.contract.TableRouting;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every setting {@code run} needs is present and well-formed, checked with the same constructors the
 * pipeline uses (object naming, notification validator, table routing, the warehouse dialect), so a value
 * preflight accepts is one {@code run} accepts. Types and declared choices were already checked when the
 * settings were built. A setting {@code run} would refuse to start without ({@link RunRequirements}) and an
 * endpoint on this machine are a WARN. Secrets are only ever reported as set or not set.
 */
public final class ConfigurationCheck implements PreflightCheck {

    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern HOST_PORT = Pattern.compile("[^\\s:,]+:\\d{1,5}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final List<String> ENDPOINTS = List.of(Setting.KAFKA_BOOTSTRAP_SERVERS,
            Setting.S3_ENDPOINT, Setting.WAREHOUSE_JDBC_URL);

    private final PipelineSettings settings;
    private final PreflightRole role;
    private final S3Client s3;
    private final ClassLoader classes;

    public ConfigurationCheck(PipelineSettings settings, PreflightRole role, S3Client s3) {
        this(settings, role, s3, ConfigurationCheck.class.getClassLoader());
    }

    /** @param classes where the warehouse driver's optional classes are looked for (this jar's in production) */
    ConfigurationCheck(PipelineSettings settings, PreflightRole role, S3Client s3, ClassLoader classes) {
        this.settings = settings;
        this.role = role;
        this.s3 = s3;
        this.classes = classes;
    }

    @Override
    public List<CheckResult> run() {
        List<CheckResult> lines = new ArrayList<>();
        lines.add(kafka());
        lines.add(s3Settings());
        if (role.loads()) {
            lines.add(warehouse());
        }
        lines.add(secrets());
        lines.add(runRequirements());
        lines.add(endpoints());
        return lines;
    }

    CheckResult kafka() {
        String servers = settings.get(Setting.KAFKA_BOOTSTRAP_SERVERS);
        if (servers.isEmpty() || !List.of(servers.split(",")).stream().map(String::trim).allMatch(s -> HOST_PORT.matcher(s).matches())) {
            return CheckResult.fail("config.kafka", "bootstrap servers '" + servers + "' are not a host:port list",
                    "set pipeline.kafka.bootstrap-servers (PIPELINE_KAFKA_BOOTSTRAP_SERVERS)");
        }
        String protocol = settings.get(Setting.KAFKA_SECURITY_PROTOCOL); // one of its declared choices
        for (String key : KafkaCheck.TOPIC_SETTINGS) {
            if (!TOPIC.matcher(settings.get(key)).matches()) {
                return CheckResult.fail("config.kafka", key + " '" + settings.get(key) + "' is not a valid topic name",
                        "set " + key);
            }
        }
        return CheckResult.pass("config.kafka", "bootstrap " + servers + " (" + protocol + "), topics "
                + settings.get(Setting.KAFKA_TOPIC_EVENTS) + ", " + settings.get(Setting.KAFKA_TOPIC_BATCHES)
                + ", " + settings.get(Setting.KAFKA_TOPIC_DLQ));
    }

    CheckResult s3Settings() {
        String bucket = settings.get(Setting.S3_BUCKET);
        String prefix = settings.get(Setting.S3_PREFIX);
        try {
            new NotificationValidator(bucket, new ObjectKeyLayout(prefix), TableRouting.parse(settings.get(Setting.WAREHOUSE_TABLES)));
        } catch (IllegalArgumentException e) {
            String setting = e.getMessage().contains("bucket") ? Setting.S3_BUCKET
                    : e.getMessage().contains("routing") || e.getMessage().contains("identifier") ? Setting.WAREHOUSE_TABLES
                    : Setting.S3_PREFIX;
            return CheckResult.fail("config.s3", e.getMessage(), "set " + setting);
        }
        String region = settings.get(Setting.S3_REGION);
        if (!REGION.matcher(region).matches()) {
            return CheckResult.fail("config.s3", "region '" + region + "' is not an AWS region name", "set pipeline.s3.region");
        }
        String endpoint = settings.get(Setting.S3_ENDPOINT);
        if (!endpoint.isEmpty() && !validHttpUrl(endpoint)) {
            return CheckResult.fail("config.s3", "endpoint '" + endpoint + "' is not an http(s) URL",
                    "set pipeline.s3.endpoint (empty for AWS)");
        }
        boolean kms = settings.getBoolean(Setting.S3_SSE_KMS);
        if (kms && settings.get(Setting.S3_KMS_KEY_ID).isEmpty()) {
            return CheckResult.fail("config.s3", "pipeline.s3.sse-kms=true without a key", "set pipeline.s3.kms-key-id");
        }
        return CheckResult.pass("config.s3", "bucket " + bucket + " in " + region + ", prefix " + prefix
                + (endpoint.isEmpty() ? ", AWS endpoint" : ", endpoint " + endpoint)
                + (kms ? ", SSE-KMS" : ", bucket default encryption"));
    }

    CheckResult warehouse() {
        String url = settings.get(Setting.WAREHOUSE_JDBC_URL);
        Warehouse warehouse;
        try {
            warehouse = Warehouse.of(settings.get(Setting.WAREHOUSE_DIALECT));
            PipelineBeans.warehouseDialect(settings, s3); // validates the IAM role, region and bucket for redshift
        } catch (IllegalArgumentException e) {
            String setting = e.getMessage().contains("dialect") ? Setting.WAREHOUSE_DIALECT
                    : e.getMessage().contains("role") ? Setting.WAREHOUSE_IAM_ROLE
                    : e.getMessage().contains("region") ? Setting.S3_REGION : Setting.S3_BUCKET;
            return CheckResult.fail("config.warehouse", e.getMessage(), "set " + setting);
        }
        if (warehouse.jdbcUrlSchemes().stream().noneMatch(url::startsWith)) {
            return CheckResult.fail("config.warehouse", "JDBC URL does not start with "
                            + String.join(" or ", warehouse.jdbcUrlSchemes()), "set pipeline.warehouse.jdbc-url");
        }
        boolean iam = RedshiftIamAuthentication.isIamUrl(url);
        List<String> missing = iam ? RedshiftIamAuthentication.missingClasses(classes) : List.of();
        if (!missing.isEmpty()) {
            return CheckResult.fail("config.warehouse", "IAM URL, but this jar lacks the Redshift driver's AWS SDK classes: "
                            + String.join(", ", missing),
                    "run the event-pipeline-run.jar mvn package builds (it adds the SDK's redshift modules), "
                            + "or use a jdbc:redshift:// URL with a password");
        }
        String saw = "dialect " + warehouse + ", " + PreflightStatements.jdbcTarget(url) + ", user "
                + settings.get(Setting.WAREHOUSE_USER) + (iam ? " (IAM authentication)" : "")
                + ", tables " + settings.get(Setting.WAREHOUSE_TABLES);
        if (warehouse.isLocalStandIn()) {
            return CheckResult.warn("config.warehouse", saw,
                    warehouse + " is the local stand-in; production uses pipeline.warehouse.dialect=" + Warehouse.REDSHIFT);
        }
        return CheckResult.pass("config.warehouse", saw);
    }

    CheckResult secrets() {
        List<String> missing = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        if (role.batches()) {
            secret(Setting.SANITIZE_HMAC_KEY, missing, seen);
        }
        if (role.loads() && !RedshiftIamAuthentication.isIamUrl(settings.get(Setting.WAREHOUSE_JDBC_URL))) {
            secret(Setting.WAREHOUSE_PASSWORD, missing, seen); // an IAM URL's password is fetched at each connect
        }
        if (!settings.get(Setting.S3_ACCESS_KEY).isEmpty()) {
            secret(Setting.S3_SECRET_KEY, missing, seen);
        }
        if (!settings.get(Setting.HTTP_AUTH_USER).isEmpty()) {
            secret(Setting.HTTP_AUTH_PASSWORD, missing, seen);
        }
        if (!missing.isEmpty()) {
            return CheckResult.fail("config.secrets", "not set: " + String.join(", ", missing),
                    "set " + missing.get(0) + " or " + missing.get(0) + "-file");
        }
        return CheckResult.pass("config.secrets", "set (values not shown): " + String.join(", ", seen));
    }

    private void secret(String key, List<String> missing, List<String> seen) {
        try {
            (settings.secret(key).isEmpty() ? missing : seen).add(key);
        } catch (IllegalStateException e) {
            missing.add(key + " (its -file cannot be read)");
        }
    }

    /**
     * The settings {@code run} refuses to start without (the same rule, {@link RunRequirements}, for the roles
     * checked). A WARN, not a FAIL: preflight is also run against {@code local}'s services, on their defaults.
     */
    CheckResult runRequirements() {
        Set<Need> needs = EnumSet.of(Need.KAFKA, Need.S3, Need.DIALECT);
        if (role.batches()) {
            needs.add(Need.HMAC);
        }
        if (role.loads()) {
            needs.add(Need.WAREHOUSE);
            needs.add(Need.VIEWS);
        }
        List<String> missing = RunRequirements.missing(settings, needs);
        if (missing.isEmpty()) {
            return CheckResult.pass("config.run", "every setting run needs is given");
        }
        return CheckResult.warn("config.run", "run would refuse to start: not given: " + String.join("; ", missing),
                "fine for `local`; for production set " + missing.get(0).split(" ")[0]);
    }

    /** {@code run} starts no embedded service: an endpoint on this machine points it at nothing. */
    CheckResult endpoints() {
        List<String> onThisMachine = ENDPOINTS.stream()
                .filter(key -> settings.get(key).contains("127.0.0.1") || settings.get(key).contains("localhost"))
                .toList();
        if (onThisMachine.isEmpty()) {
            return CheckResult.pass("config.endpoints", "no endpoint points at this machine");
        }
        return CheckResult.warn("config.endpoints", "on this machine (local mode): " + String.join(", ", onThisMachine),
                "fine for `local`; for production set " + onThisMachine.get(0));
    }

    private static boolean validHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
