package routes.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.CaseInsensitiveValidString;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Validator;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;
import routes.contract.EventFieldsTable;
import routes.contract.GlobPattern;
import routes.contract.S3BucketName;
import routes.contract.ObjectKeyLayout;
import routes.contract.Warehouse;
import routes.contract.TableRouting;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Range.between;
import static org.apache.kafka.common.config.ConfigDef.Type.BOOLEAN;
import static org.apache.kafka.common.config.ConfigDef.Type.INT;
import static org.apache.kafka.common.config.ConfigDef.Type.LONG;
import static org.apache.kafka.common.config.ConfigDef.Type.PASSWORD;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

/**
 * Every {@code pipeline.*} setting, declared once: key, type, unit or allowed values, default, rule,
 * importance and one doc sentence; secrets are of type {@code PASSWORD} (never shown in a refusal).
 * {@link PipelineSettings} takes its defaults and known keys from here and validates every value at start
 * through Kafka's {@link ConfigDef}, so a bad value fails naming the key, the value and the rule;
 * docs/configuration.md is rendered from these declarations (ConfigurationDocTest keeps it current).
 * Code names a setting by its constant, never by a string.
 */
public final class Setting {

    /** One declared setting. */
    public record Declaration(String section, String key, Type type, String unit, String defaultValue, Validator rule,
                              Importance importance, String doc) {

        public boolean secret() {
            return type == PASSWORD;
        }
    }

    private static final List<Declaration> DECLARATIONS = new ArrayList<>();

    private static final Validator PORT = between(0, 65_535);
    private static final Validator BUCKET_NAME = rule(S3BucketName.RULE, name -> {
        if (!S3BucketName.isValid(name)) {
            throw new IllegalArgumentException(name);
        }
    });
    /** A secret's file is read when first used; an unreadable one stops the process at start, named, instead. */
    private static final Validator READABLE_FILE = rule("empty or the path of a readable file", path -> {
        if (!path.isBlank()) {
            Path file = Path.of(path.trim());
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new IllegalArgumentException(path);
            }
        }
    });
    private static final Validator OBJECT_KEY_PREFIX = rule(ObjectKeyLayout.PREFIX_RULE, ObjectKeyLayout::new);
    private static final Validator TABLE_ROUTING = rule("glob=schema.table list; globs of event-key characters and * ?",
            TableRouting::parse);
    private static final Validator KEY_PATTERN = rule("a glob of event-key characters and * ? (empty = *)",
            glob -> GlobPattern.compile(glob.isBlank() ? "*" : glob));
    private static final Validator HOST_NAMES = rule("comma-separated host names (letters, digits, '-' and '.')", list -> {
        for (String name : list.split(",")) {
            if (!name.isBlank() && !name.trim().matches("[A-Za-z0-9][A-Za-z0-9.-]{0,252}")) {
                throw new IllegalArgumentException(name);
            }
        }
    });
    /**
     * The shortest HMAC key: the hash's output length, 32 bytes for SHA-256. RFC 2104 section 3 strongly discourages
     * keys shorter than the output length; NIST SP 800-107 Rev. 1 section 5.3.4 rates an HMAC no stronger than its key.
     */
    public static final int HMAC_KEY_MIN_BYTES = 32;
    private static final Validator HMAC_KEY = new Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            String key = value instanceof Password password ? password.value() : value == null ? "" : value.toString();
            if (!key.isEmpty() && key.getBytes(StandardCharsets.UTF_8).length < HMAC_KEY_MIN_BYTES) {
                throw new ConfigException(name, value, "must be at least " + HMAC_KEY_MIN_BYTES + " bytes");
            }
        }

        @Override
        public String toString() {
            return "empty or at least " + HMAC_KEY_MIN_BYTES + " bytes (UTF-8)";
        }
    };

    // ---- Kafka
    private static final String S_KAFKA = "Kafka";
    public static final String KAFKA_BOOTSTRAP_SERVERS = declare(S_KAFKA, "pipeline.kafka.bootstrap-servers", STRING,
            "host:port list", "127.0.0.1:9092", null, HIGH,
            "Kafka bootstrap servers.");
    public static final String KAFKA_TOPIC_EVENTS = declare(S_KAFKA, "pipeline.kafka.topic.events", STRING,
            "", "events", null, MEDIUM,
            "Topic A: events published by the apps.");
    public static final String KAFKA_TOPIC_BATCHES = declare(S_KAFKA, "pipeline.kafka.topic.batches", STRING,
            "", "event-batches", null, MEDIUM,
            "Topic B: one notification per S3 object written by the batcher.");
    public static final String KAFKA_TOPIC_DLQ = declare(S_KAFKA, "pipeline.kafka.topic.dlq", STRING,
            "", "events-dlq", null, MEDIUM,
            "Dead-letter topic: rejected input with its reason headers.");
    public static final String KAFKA_GROUP_BATCHER = declare(S_KAFKA, "pipeline.kafka.group.batcher", STRING,
            "", "event-batcher", null, MEDIUM,
            "Consumer group of the batcher (topic A).");
    public static final String KAFKA_GROUP_LOADER = declare(S_KAFKA, "pipeline.kafka.group.loader", STRING,
            "", "event-loader", null, MEDIUM,
            "Consumer group of the loader (topic B).");
    public static final String KAFKA_CONSUMERS = declare(S_KAFKA, "pipeline.kafka.consumers", INT,
            "consumers", "1", atLeast(1), MEDIUM,
            "Kafka consumer threads per route in this process.");
    /** Kafka's cooperative sticky assignor: a rebalance revokes only the partitions that move. */
    public static final String COOPERATIVE_STICKY = "org.apache.kafka.clients.consumer.CooperativeStickyAssignor";
    /** Kafka's eager range assignor (camel-kafka's default): every rebalance revokes every partition. */
    public static final String EAGER_RANGE = "org.apache.kafka.clients.consumer.RangeAssignor";
    public static final String KAFKA_PARTITION_ASSIGNOR = declare(S_KAFKA, "pipeline.kafka.partition-assignor", STRING,
            "assignor class list", COOPERATIVE_STICKY,
            oneOf(COOPERATIVE_STICKY, COOPERATIVE_STICKY + "," + EAGER_RANGE, EAGER_RANGE), MEDIUM,
            "Partition assignment of both consumer groups. Cooperative sticky: a scale step moves only some partitions and "
            + "completes only the open batches and load cycles holding their records. All members of a group must "
            + "share a protocol, so a group running the eager RangeAssignor moves over in two rollouts: first "
            + "\"CooperativeStickyAssignor,RangeAssignor\" (full class names; still eager), then CooperativeStickyAssignor "
            + "alone. Offsets are committed exactly with any of the three.");
    public static final String KAFKA_MAX_POLL_RECORDS = declare(S_KAFKA, "pipeline.kafka.max-poll-records", INT,
            "records", "2000", atLeast(1), MEDIUM,
            "Upper bound on records returned by one poll.");
    public static final String KAFKA_POLL_TIMEOUT_MS = declare(S_KAFKA, "pipeline.kafka.poll-timeout-ms", INT,
            "ms", "1000", atLeast(1), MEDIUM,
            "How long one poll waits for records; commits happen between polls, so this bounds commit delay when "
            + "idle.");
    public static final String KAFKA_COMMIT_INTERVAL_MS = declare(S_KAFKA, "pipeline.kafka.commit-interval-ms", INT,
            "ms", "5000", atLeast(0), MEDIUM,
            "Minimum time between two commits of the durable watermarks (they are also committed on revocation "
            + "and shutdown).");
    public static final String KAFKA_MAX_POLL_INTERVAL_MS = declare(S_KAFKA, "pipeline.kafka.max-poll-interval-ms", INT,
            "ms", "300000", atLeast(0), MEDIUM,
            "A consumer that does not poll within this time leaves the group (bounds the time one batch write may"
            + " block).");
    public static final String KAFKA_SESSION_TIMEOUT_MS = declare(S_KAFKA, "pipeline.kafka.session-timeout-ms", INT,
            "ms", "45000", atLeast(0), MEDIUM,
            "A consumer whose heartbeats stop for this long (a crashed or kill -9ed instance) is removed from its"
            + " group and its partitions reassigned; the broker allows 6000-1800000 by default.");
    public static final String KAFKA_DLQ_MAX_REQUEST_BYTES = declare(S_KAFKA, "pipeline.kafka.dlq-max-request-bytes", INT,
            "bytes", "10485760", atLeast(1), MEDIUM,
            "The dead-letter producer's max.request.size: rejected input is forwarded whole up to it; a larger original, "
            + "or one the broker refuses as over the DLQ topic's max.message.bytes, is kept in pipeline.s3.bucket under "
            + "dlq/ and its dead letter carries the reference, size and SHA-256 instead.");
    public static final String KAFKA_SECURITY_PROTOCOL = declare(S_KAFKA, "pipeline.kafka.security-protocol", STRING,
            "PLAINTEXT|SSL|SASL_PLAINTEXT|SASL_SSL", "PLAINTEXT", oneOf("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"), MEDIUM,
            "Security protocol of every Kafka client the pipeline opens (routes, lag monitor, operate commands, preflight, "
            + "bench); all pipeline.kafka.sasl-* and ssl-* settings go to every one of them (routes.config.KafkaClientSecurity).");
    public static final String KAFKA_SASL_MECHANISM = declare(S_KAFKA, "pipeline.kafka.sasl-mechanism", STRING,
            "empty|PLAIN|SCRAM-SHA-256|SCRAM-SHA-512|AWS_MSK_IAM", "",
            oneOf("", "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "AWS_MSK_IAM"), MEDIUM,
            "SASL mechanism (with a SASL_* protocol); AWS_MSK_IAM authenticates with the AWS default credentials "
            + "provider chain and needs no username or password.");
    public static final String KAFKA_SASL_USERNAME = declare(S_KAFKA, "pipeline.kafka.sasl-username", STRING,
            "", "", null, MEDIUM,
            "SASL username (PLAIN and SCRAM): the Kafka principal of this process's role.");
    public static final String KAFKA_SASL_PASSWORD = declare(S_KAFKA, "pipeline.kafka.sasl-password", PASSWORD,
            "", "", null, MEDIUM,
            "SASL password (PLAIN and SCRAM).");
    public static final String KAFKA_SASL_PASSWORD_FILE = declare(S_KAFKA, "pipeline.kafka.sasl-password-file", STRING,
            "path", "", READABLE_FILE, MEDIUM,
            "File holding the SASL password (used when pipeline.kafka.sasl-password is empty).");
    public static final String KAFKA_SSL_TRUSTSTORE_LOCATION = declare(S_KAFKA, "pipeline.kafka.ssl-truststore-location", STRING,
            "path", "", null, MEDIUM,
            "Trust store with the CA of the brokers' certificates (SSL and SASL_SSL); empty = the JVM's trusted roots "
            + "(enough for MSK).");
    public static final String KAFKA_SSL_TRUSTSTORE_TYPE = declare(S_KAFKA, "pipeline.kafka.ssl-truststore-type", STRING,
            "PKCS12|JKS|PEM", "PKCS12", oneOf("PKCS12", "JKS", "PEM"), LOW,
            "Type of the trust store.");
    public static final String KAFKA_SSL_TRUSTSTORE_PASSWORD = declare(S_KAFKA, "pipeline.kafka.ssl-truststore-password", PASSWORD,
            "", "", null, LOW,
            "Trust store password (not needed for PEM).");
    public static final String KAFKA_SSL_TRUSTSTORE_PASSWORD_FILE = declare(S_KAFKA, "pipeline.kafka.ssl-truststore-password-file", STRING,
            "path", "", READABLE_FILE, LOW,
            "File holding the trust store password (used when pipeline.kafka.ssl-truststore-password is empty).");
    public static final String KAFKA_SSL_KEYSTORE_LOCATION = declare(S_KAFKA, "pipeline.kafka.ssl-keystore-location", STRING,
            "path", "", null, LOW,
            "Key store with this client's certificate and key, for brokers that require TLS client authentication "
            + "(mTLS); empty = none.");
    public static final String KAFKA_SSL_KEYSTORE_TYPE = declare(S_KAFKA, "pipeline.kafka.ssl-keystore-type", STRING,
            "PKCS12|JKS|PEM", "PKCS12", oneOf("PKCS12", "JKS", "PEM"), LOW,
            "Type of the key store.");
    public static final String KAFKA_SSL_KEYSTORE_PASSWORD = declare(S_KAFKA, "pipeline.kafka.ssl-keystore-password", PASSWORD,
            "", "", null, LOW,
            "Key store password (also used for the key).");
    public static final String KAFKA_SSL_KEYSTORE_PASSWORD_FILE = declare(S_KAFKA, "pipeline.kafka.ssl-keystore-password-file", STRING,
            "path", "", READABLE_FILE, LOW,
            "File holding the key store password (used when pipeline.kafka.ssl-keystore-password is empty).");

    // ---- Events
    private static final String S_EVENTS = "Events";
    public static final String EVENT_MAX_BYTES = declare(S_EVENTS, "pipeline.event.max-bytes", INT,
            "bytes", "1048576", atLeast(1), MEDIUM,
            "Larger messages are dead-lettered with reason too_large. With the redshift dialect at most 4000000 "
            + "(COPY reads no JSON object over 4 MB; a larger value is refused at start).");
    public static final String EVENT_MAX_DEPTH = declare(S_EVENTS, "pipeline.event.max-depth", INT,
            "levels", "64", atLeast(1), MEDIUM,
            "Deeper JSON nesting is dead-lettered with reason too_deep.");

    // ---- Sanitizing (the legacy business rules)
    private static final String S_SANITIZING = "Sanitizing (the legacy business rules)";
    public static final String SANITIZE_RULES = declare(S_SANITIZING, "pipeline.sanitize.rules", STRING,
            "classpath:NAME or a file path", "classpath:sanitize.yaml", null, MEDIUM,
            "The YAML rules file (drop/mask/hash/remove).");
    public static final String SANITIZE_HMAC_KEY = declare(S_SANITIZING, "pipeline.sanitize.hmac-key", PASSWORD,
            "bytes", "", HMAC_KEY, HIGH,
            "HMAC-SHA256 key for hashed fields, at least 32 bytes (the hash's output length; e.g. `openssl rand -hex 32`)."
            + " Required by `run`; `local` uses a fixed development key.");
    public static final String SANITIZE_HMAC_KEY_FILE = declare(S_SANITIZING, "pipeline.sanitize.hmac-key-file", STRING,
            "path", "", READABLE_FILE, MEDIUM,
            "File holding the HMAC key (used when pipeline.sanitize.hmac-key is empty; the same minimum applies).");

    // ---- Batching (aggregator)
    private static final String S_BATCHING = "Batching (aggregator)";
    public static final String BATCH_MAX_RECORDS = declare(S_BATCHING, "pipeline.batch.max-records", INT,
            "events", "500000", atLeast(1), MEDIUM,
            "A batch is written when it holds this many events.");
    public static final String BATCH_MAX_BYTES = declare(S_BATCHING, "pipeline.batch.max-bytes", LONG,
            "bytes", "134217728", atLeast(1), MEDIUM,
            "A batch is written when its uncompressed NDJSON reaches this size.");
    public static final String BATCH_MAX_AGE_MS = declare(S_BATCHING, "pipeline.batch.max-age-ms", LONG,
            "ms", "60000", atLeast(1), MEDIUM,
            "No batch waits longer to be written: each is due at its first event + this, rounded down to its key's tick "
            + "(every half of this, offset per key, so that batches spread over the window; routes.batch.BatchAgeDeadline).");
    public static final String BATCH_AGE_CHECK_INTERVAL_MS = declare(S_BATCHING, "pipeline.batch.age-check-interval-ms", LONG,
            "ms", "250", between(10, 60_000), LOW,
            "How often the aggregator completes the batches that are due by age (its completionTimeoutCheckerInterval): "
            + "a batch is written up to this long after its deadline; each check scans the open batches under the "
            + "aggregator's lock (1,000 batches: microseconds).");
    public static final String BATCH_MEMORY_BUDGET_BYTES = declare(S_BATCHING, "pipeline.batch.memory-budget-bytes", LONG,
            "bytes", "268435456", atLeast(0), MEDIUM,
            "Budget for all open batches together; over it, the oldest batches are written early, as one cohort, "
            + "until a quarter of the budget is free.");
    public static final String BATCH_MEMORY_BUDGET_MIN_RECORDS = declare(S_BATCHING, "pipeline.batch.memory-budget-min-records", INT,
            "events", "1000", atLeast(0), MEDIUM,
            "Over the memory budget, batches holding fewer events are written early only when the older, fuller "
            + "ones do not free enough.");
    public static final String BATCH_WRITER_THREADS = declare(S_BATCHING, "pipeline.batch.writer-threads", INT,
            "threads", "8", atLeast(1), MEDIUM,
            "Batches written to S3 (and announced) in parallel on the Camel thread pool batchWriterPool, off the "
            + "polling thread. A writer is busy for the batch's gzip and its S3 PUT, so objects/s per batcher is at "
            + "most this ÷ that time: when pipeline_batch_age_seconds runs past pipeline.batch.max-age-ms, raise it "
            + "(docs/performance.md, \"Batch writers\").");
    public static final String BATCH_GZIP_LEVEL = declare(S_BATCHING, "pipeline.batch.gzip-level", INT,
            "1-9", "6", between(1, 9), MEDIUM,
            "gzip compression level of the S3 objects.");
    public static final String BATCH_SPOOL_DIR = declare(S_BATCHING, "pipeline.batch.spool-dir", STRING,
            "path", "", null, MEDIUM,
            "Directory for gzip files on their way to S3 (empty = the JVM temp dir).");
    public static final String WAREHOUSE_TABLES = declare(S_BATCHING, "pipeline.warehouse.tables", STRING,
            "glob=schema.table list", "*=public.events", TABLE_ROUTING, HIGH,
            "Routes event keys to warehouse tables; first match wins.");

    // ---- Field observation (batcher; docs/fields.md)
    private static final String S_FIELDS_OBSERVED = "Field observation (batcher; docs/fields.md)";
    public static final String FIELDS_MAX_PATHS = declare(S_FIELDS_OBSERVED, "pipeline.fields.max-paths", INT,
            "(path, type) pairs", "500", between(0, 1000), MEDIUM,
            "Most distinct (path, type) pairs one batch's notification reports; over it the pairs with the fewest names, "
            + "then by path, are kept and the rest counted in fields_cut. 0 turns the observation off (notifications "
            + "without fields). At most 1000, so that a notification stays far below Kafka's 1 MB message size.");
    public static final String FIELDS_MAX_DEPTH = declare(S_FIELDS_OBSERVED, "pipeline.fields.max-depth", INT,
            "field names", "8", between(1, 64), MEDIUM,
            "Most field names in an observed path; an object at this depth is reported as one leaf of type object.");
    public static final String FIELDS_MAX_PATH_BYTES = declare(S_FIELDS_OBSERVED, "pipeline.fields.max-path-bytes", INT,
            "bytes", Integer.toString(EventFieldsTable.MAX_PATH_BYTES), between(1, EventFieldsTable.MAX_PATH_BYTES), LOW,
            "Longest observed path (UTF-8); a field with a longer path is cut with everything under it and counted in "
            + "fields_cut. At most what the field history stores.");

    // ---- S3
    private static final String S_S = "S3";
    public static final String S3_BUCKET = declare(S_S, "pipeline.s3.bucket", STRING,
            "", "event-logs", BUCKET_NAME, HIGH,
            "Bucket for batches and manifests.");
    public static final String S3_ENDPOINT = declare(S_S, "pipeline.s3.endpoint", STRING,
            "URL", "http://127.0.0.1:9000", null, HIGH,
            "Endpoint override for S3-compatible servers; empty = AWS.");
    public static final String S3_REGION = declare(S_S, "pipeline.s3.region", STRING,
            "", "us-east-1", null, HIGH,
            "AWS region.");
    public static final String S3_PREFIX = declare(S_S, "pipeline.s3.prefix", STRING,
            "", "events/", OBJECT_KEY_PREFIX, HIGH,
            "Key prefix of batch objects (must end with '/').");
    public static final String S3_PATH_STYLE = declare(S_S, "pipeline.s3.path-style", BOOLEAN,
            "", "true", null, MEDIUM,
            "Path-style addressing (S3-compatible servers); false on AWS.");
    public static final String S3_ACCESS_KEY = declare(S_S, "pipeline.s3.access-key", STRING,
            "", "", null, MEDIUM,
            "Static access key (local mode only); empty = AWS default credentials provider chain.");
    public static final String S3_SECRET_KEY = declare(S_S, "pipeline.s3.secret-key", PASSWORD,
            "", "", null, MEDIUM,
            "Static secret key (local mode only); empty = AWS default credentials provider chain.");
    public static final String S3_SSE_KMS = declare(S_S, "pipeline.s3.sse-kms", BOOLEAN,
            "", "false", null, MEDIUM,
            "Encrypt batch objects with SSE-KMS (pipeline.s3.kms-key-id); false = bucket default encryption.");
    public static final String S3_KMS_KEY_ID = declare(S_S, "pipeline.s3.kms-key-id", STRING,
            "", "", null, MEDIUM,
            "KMS key id or ARN for SSE-KMS.");
    public static final String S3_PART_SIZE = declare(S_S, "pipeline.s3.part-size", LONG,
            "bytes", "26214400", atLeast(5L * 1024 * 1024), MEDIUM,
            "Objects at or above this size are uploaded in parts of this size.");
    public static final String S3_SSL_TRUSTSTORE_LOCATION = declare(S_S, "pipeline.s3.ssl-truststore-location", STRING,
            "path", "", null, MEDIUM,
            "Trust store with the CA of an S3-compatible server's certificate (HTTPS endpoint); empty = the JVM's "
            + "trusted roots (enough for AWS).");
    public static final String S3_SSL_TRUSTSTORE_TYPE = declare(S_S, "pipeline.s3.ssl-truststore-type", STRING,
            "PKCS12|JKS", "PKCS12", oneOf("PKCS12", "JKS"), LOW,
            "Type of the S3 trust store.");
    public static final String S3_SSL_TRUSTSTORE_PASSWORD = declare(S_S, "pipeline.s3.ssl-truststore-password", PASSWORD,
            "", "", null, LOW,
            "S3 trust store password.");
    public static final String S3_SSL_TRUSTSTORE_PASSWORD_FILE = declare(S_S, "pipeline.s3.ssl-truststore-password-file", STRING,
            "path", "", READABLE_FILE, LOW,
            "File holding the S3 trust store password (used when pipeline.s3.ssl-truststore-password is empty).");

    // ---- Warehouse
    private static final String S_WAREHOUSE = "Warehouse";
    public static final String WAREHOUSE_DIALECT = declare(S_WAREHOUSE, "pipeline.warehouse.dialect", STRING,
            String.join("|", Warehouse.settingValues()), Warehouse.POSTGRESQL.settingValue(),
            oneOf(Warehouse.settingValues().toArray(String[]::new)), HIGH,
            "SQL dialect of the warehouse; the batcher also reads it to refuse what Redshift SUPER cannot hold "
            + "(docs/redshift.md).");
    public static final String WAREHOUSE_JDBC_URL = declare(S_WAREHOUSE, "pipeline.warehouse.jdbc-url", STRING,
            "JDBC URL", "jdbc:postgresql://127.0.0.1:5433/events", null, HIGH,
            "The warehouse (jdbc:redshift://… in production; jdbc:redshift:iam://… signs in with the AWS credentials "
            + "chain instead of a password, docs/redshift.md).");
    public static final String WAREHOUSE_USER = declare(S_WAREHOUSE, "pipeline.warehouse.user", STRING,
            "", "events", null, HIGH,
            "Warehouse user.");
    public static final String WAREHOUSE_PASSWORD = declare(S_WAREHOUSE, "pipeline.warehouse.password", PASSWORD,
            "", "events", null, HIGH,
            "Warehouse password; not used with a jdbc:redshift:iam:// URL.");
    public static final String WAREHOUSE_PASSWORD_FILE = declare(S_WAREHOUSE, "pipeline.warehouse.password-file", STRING,
            "path", "", READABLE_FILE, MEDIUM,
            "File holding the warehouse password (used when pipeline.warehouse.password is empty).");
    public static final String WAREHOUSE_IAM_ROLE = declare(S_WAREHOUSE, "pipeline.warehouse.iam-role", STRING,
            "IAM role ARN", "", null, MEDIUM,
            "Role Redshift assumes to read S3 during COPY (redshift dialect only).");
    public static final String WAREHOUSE_REDSHIFT_MAX_STRING_BYTES = declare(S_WAREHOUSE, "pipeline.warehouse.redshift.max-string-bytes", INT,
            "bytes", "65535", between(1, 16_000_000), MEDIUM,
            "With the redshift dialect the batcher dead-letters an event holding a longer string or field name "
            + "(reason string_too_long); 65535 is SUPER's limit, raise it (up to 16000000) only on a cluster with "
            + "enable_large_strings_opt_in.");
    public static final String WAREHOUSE_POOL_SIZE = declare(S_WAREHOUSE, "pipeline.warehouse.pool-size", INT,
            "connections", "4", atLeast(1), MEDIUM,
            "Size of the warehouse connection pool.");
    public static final String WAREHOUSE_STATEMENT_TIMEOUT_S = declare(S_WAREHOUSE, "pipeline.warehouse.statement-timeout-s", INT,
            "seconds", "600", atLeast(0), MEDIUM,
            "Statement timeout of each warehouse statement.");

    // ---- Views per event key
    private static final String S_VIEWS = "Views per event key";
    public static final String VIEWS_ENABLED = declare(S_VIEWS, "pipeline.views.enabled", BOOLEAN,
            "", "true", null, HIGH,
            "The loader keeps one typed view per event key in pipeline.views.schema, re-created after a load whose "
            + "field changes alter its columns (docs/fields.md). On in local mode; run needs it set explicitly (true "
            + "or false: the views need CREATE on the database or on that schema).");
    public static final String VIEWS_SCHEMA = declare(S_VIEWS, "pipeline.views.schema", STRING,
            "schema name", "event_views", rule("a schema name: [a-z_][a-z0-9_]{0,126}, not a reserved word",
                    name -> routes.contract.SqlIdentifier.of(name + ".x")), MEDIUM,
            "Schema of the views per event key (created when absent); the operator's grants on each view are kept "
            + "when it is re-created.");

    // ---- Loading
    private static final String S_LOADING = "Loading";
    public static final String LOAD_WINDOW_MS = declare(S_LOADING, "pipeline.load.window-ms", LONG,
            "ms", "60000", atLeast(1), MEDIUM,
            "The longest a notification waits for its table's load: every window (the load aggregator's "
            + "completionInterval) starts a load of each table that has notifications waiting, even while another "
            + "load of it is in flight. Loads normally start sooner: at once when the table is idle, and as soon as "
            + "the previous load of the table has committed (group commit), with what arrived meanwhile.");
    public static final String LOAD_MIN_INTERVAL_MS = declare(S_LOADING, "pipeline.load.min-interval-ms", LONG,
            "ms", "0", atLeast(0), MEDIUM,
            "After a load of a table has ended, its next load waits this long unless it is full or the window "
            + "passes; what arrives meanwhile joins that next load. 0 loads back to back (PostgreSQL, local); on "
            + "Redshift, where each commit is costly and commits queue cluster-wide, use tens of seconds "
            + "(docs/redshift.md).");
    public static final String LOAD_MAX_BATCHES = declare(S_LOADING, "pipeline.load.max-batches", INT,
            "notifications", "64", atLeast(1), MEDIUM,
            "A table's load starts when this many notifications are gathered, and takes no more than this many.");
    public static final String LOAD_MAX_ROWS = declare(S_LOADING, "pipeline.load.max-rows", LONG,
            "events", "50000000", atLeast(1), MEDIUM,
            "A table's load starts when the gathered batches hold this many events (their notifications' record counts).");
    public static final String LOAD_MAX_BYTES = declare(S_LOADING, "pipeline.load.max-bytes", LONG,
            "bytes", "1073741824", atLeast(1), MEDIUM,
            "A table's load starts when the gathered objects reach this compressed size.");
    public static final String LOAD_RETRY_INITIAL_MS = declare(S_LOADING, "pipeline.load.retry-initial-ms", LONG,
            "ms", "500", atLeast(0), MEDIUM,
            "First retry delay of a failed load (exponential with full jitter).");
    public static final String LOAD_RETRY_MAX_MS = declare(S_LOADING, "pipeline.load.retry-max-ms", LONG,
            "ms", "30000", atLeast(0), MEDIUM,
            "Longest delay between two load retries, also between the attempts of a paused table's load.");
    public static final String LOAD_THREADS = declare(S_LOADING, "pipeline.load.threads", INT,
            "threads", "2", atLeast(1), MEDIUM,
            "Load cycles run on this many threads of the Camel thread pool loadPool (never on a Kafka polling "
            + "thread, which must keep polling while a load waits for the warehouse).");
    public static final String LOAD_FETCH_THREADS = declare(S_LOADING, "pipeline.load.fetch-threads", INT,
            "threads", "4", between(0, 64), MEDIUM,
            "Threads, shared by all loads, that fetch a load's next objects from S3 while the current one streams "
            + "into COPY (PostgreSQL) and send a load's HEAD requests side by side before its manifest is written "
            + "(Redshift). 0 reads each object at its turn on the load's own thread.");
    public static final String LOAD_FETCH_AHEAD_BYTES = declare(S_LOADING, "pipeline.load.fetch-ahead-bytes", LONG,
            "bytes", "33554432", between(0, 1L << 30), MEDIUM,
            "Compressed bytes of objects one load holds fetched ahead of its COPY (at most 4 objects per fetch "
            + "thread); an object larger than this is read at its turn. Heap held: up to this times "
            + "pipeline.load.threads.");
    public static final String LOAD_ISOLATE_AFTER = declare(S_LOADING, "pipeline.load.isolate-after", INT,
            "failures", "3", atLeast(1), MEDIUM,
            "A load cycle that fails this many times in a row for an unknown reason is split into halves, "
            + "quarters, down to single batches; a batch goes to the DLQ only for its content or when the rest of its "
            + "cycle commits without it, otherwise the table's loads pause (docs/redshift.md, section 4.3).");
    public static final String LOAD_COPY_ACCEPT_INVALID_CHARS = declare(S_LOADING, "pipeline.load.copy.accept-invalid-chars", STRING,
            "one character or empty", "", null, LOW,
            "Redshift COPY ACCEPTINVCHARS: empty = off (an invalid UTF-8 sequence fails the COPY and its batch is "
            + "isolated); else the printable ASCII character that replaces each invalid one (not a quote or backslash; "
            + "checked when the loader starts).");
    /** The largest {@link #LOAD_COPY_MAX_ERROR}: Redshift's own MAXERROR limit. */
    public static final int LOAD_COPY_MAX_ERROR_LIMIT = 100_000;
    public static final String LOAD_COPY_MAX_ERROR = declare(S_LOADING, "pipeline.load.copy.max-error", INT,
            "rows", "0", between(0, LOAD_COPY_MAX_ERROR_LIMIT), LOW,
            "Redshift COPY MAXERROR. Rows COPY skips still fail the load's stage check (fewer rows than the "
            + "notifications promise), so above 0 only moves where a bad batch is caught and lets COPY record every "
            + "bad row in sys_load_error_detail.");

    // ---- Roles and HTTP
    private static final String S_ROLES_AND_HTTP = "Roles and HTTP";
    public static final String ROLE_BATCHER = declare(S_ROLES_AND_HTTP, "pipeline.role.batcher", BOOLEAN,
            "", "true", null, MEDIUM,
            "Run the batcher routes in this process (`run --role` sets it).");
    public static final String ROLE_LOADER = declare(S_ROLES_AND_HTTP, "pipeline.role.loader", BOOLEAN,
            "", "true", null, MEDIUM,
            "Run the loader routes in this process (`run --role` sets it).");
    public static final String HTTP_PORT = declare(S_ROLES_AND_HTTP, "pipeline.http.port", INT,
            "port", "8080", PORT, HIGH,
            "HTTP server for health, metrics and Jolokia.");
    public static final String HTTP_HOST = declare(S_ROLES_AND_HTTP, "pipeline.http.host", STRING,
            "address", "127.0.0.1", null, MEDIUM,
            "Interface the HTTP server binds to (127.0.0.1 = this machine only; 0.0.0.0 in a container, where a "
            + "non-loopback address is refused at start unless pipeline.http.auth-user covers Jolokia).");
    public static final String HTTP_AUTH_USER = declare(S_ROLES_AND_HTTP, "pipeline.http.auth-user", STRING,
            "user name", "", null, MEDIUM,
            "HTTP basic auth user for the paths under pipeline.http.auth-path (empty = no authentication, refused "
            + "at start when pipeline.http.host is not a loopback address).");
    public static final String HTTP_AUTH_PASSWORD = declare(S_ROLES_AND_HTTP, "pipeline.http.auth-password", PASSWORD,
            "", "", null, MEDIUM,
            "HTTP basic auth password (at least 12 characters, no ',' or whitespace); required when "
            + "pipeline.http.auth-user is set.");
    public static final String HTTP_AUTH_PASSWORD_FILE = declare(S_ROLES_AND_HTTP, "pipeline.http.auth-password-file", STRING,
            "path", "", READABLE_FILE, MEDIUM,
            "File holding the HTTP basic auth password (used when pipeline.http.auth-password is empty).");
    public static final String HTTP_AUTH_PATH = declare(S_ROLES_AND_HTTP, "pipeline.http.auth-path", STRING,
            "path pattern", "/observe/jolokia/*", null, MEDIUM,
            "HTTP paths that ask for basic auth when it is on (/* = all, including health and metrics).");
    public static final String HTTP_ALLOWED_HOSTS = declare(S_ROLES_AND_HTTP, "pipeline.http.allowed-hosts", STRING,
            "host name list", "", HOST_NAMES, MEDIUM,
            "Host names the HTTP server answers to besides localhost and IP addresses (e.g. a Service's DNS name); a "
            + "request naming another host in its Host header is refused (DNS rebinding), and Jolokia refuses browser "
            + "origins on other hosts.");

    // ---- Stopping
    private static final String S_STOPPING = "Stopping";
    public static final String SHUTDOWN_FLUSH_TIMEOUT_MS = declare(S_STOPPING, "pipeline.shutdown.flush-timeout-ms", LONG,
            "ms", "20000", atLeast(0), MEDIUM,
            "On SIGTERM/Ctrl-C, open batches and load cycles are completed for at most this long; what is left is"
            + " abandoned (one INFO line) and redelivered after restart. Plus 15 s it must not exceed "
            + "camel.main.shutdown-timeout.");

    // ---- Monitoring
    private static final String S_MONITORING = "Monitoring";
    public static final String METRICS_ENABLED = declare(S_MONITORING, "pipeline.metrics.enabled", BOOLEAN,
            "", "true", null, MEDIUM,
            "Micrometer metrics (ours, Camel's, the JVM's) and /observe/metrics; false only to measure their "
            + "cost.");
    public static final String MONITOR_LAG_INTERVAL_S = declare(S_MONITORING, "pipeline.monitor.lag-interval-s", INT,
            "seconds", "10", atLeast(0), MEDIUM,
            "How often the consumer lag of both groups is read from Kafka (gauge pipeline_consumer_lag).");
    public static final String MONITOR_CHECK_TIMEOUT_MS = declare(S_MONITORING, "pipeline.monitor.check-timeout-ms", LONG,
            "ms", "3000", atLeast(0), MEDIUM,
            "A readiness check of S3 or the warehouse that does not answer within this time reports DOWN.");
    public static final String STATUS_ENABLED = declare(S_MONITORING, "pipeline.status.enabled", BOOLEAN,
            "", "true", null, MEDIUM,
            "The status page at / and its JSON at /observe/status on the HTTP server (same host, port and auth "
            + "settings as /observe).");
    public static final String STATUS_SAMPLE_INTERVAL_S = declare(S_MONITORING, "pipeline.status.sample-interval-s", INT,
            "seconds", "2", atLeast(1), LOW,
            "How often the status page's figures are read from the meters (rates and latency are differences of "
            + "two readings).");
    public static final String STATUS_HISTORY_S = declare(S_MONITORING, "pipeline.status.history-s", INT,
            "seconds", "300", atLeast(10), LOW,
            "How far back the status page's charts reach.");
    public static final String FIELDS_QUIET_AFTER_H = declare(S_MONITORING, "pipeline.fields.quiet-after-h", INT,
            "hours", "168", atLeast(1), LOW,
            "A path of an event key not loaded for longer than this is \"not seen\": `fields` marks it, the loader logs it"
            + " once and counts it (pipeline_field_changes_total{kind=\"not_seen\"}), the status page counts such paths.");

    // ---- Local mode (embedded services; `local` only)
    private static final String S_LOCAL_MODE = "Local mode (embedded services; `local` only)";
    public static final String LOCAL_KAFKA_PORT = declare(S_LOCAL_MODE, "pipeline.local.kafka-port", INT,
            "port", "9092", PORT, LOW,
            "Embedded Kafka broker port.");
    public static final String LOCAL_KAFKA_CONTROLLER_PORT = declare(S_LOCAL_MODE, "pipeline.local.kafka-controller-port", INT,
            "port", "9093", PORT, LOW,
            "Embedded Kafka controller (KRaft) port.");
    public static final String LOCAL_S3_PORT = declare(S_LOCAL_MODE, "pipeline.local.s3-port", INT,
            "port", "9000", PORT, LOW,
            "Embedded S3-compatible server port.");
    public static final String LOCAL_POSTGRES_PORT = declare(S_LOCAL_MODE, "pipeline.local.postgres-port", INT,
            "port", "5433", PORT, LOW,
            "Embedded PostgreSQL port.");
    public static final String LOCAL_EVENTS_PARTITIONS = declare(S_LOCAL_MODE, "pipeline.local.events-partitions", INT,
            "partitions", "6", atLeast(0), LOW,
            "Partitions of the events topic created by `local`.");
    public static final String LOCAL_RATE = declare(S_LOCAL_MODE, "pipeline.local.rate", INT,
            "events/s", "1000", atLeast(0), LOW,
            "Synthetic generator rate (0 = off).");
    public static final String LOCAL_KEYS = declare(S_LOCAL_MODE, "pipeline.local.keys", INT,
            "keys", "50", atLeast(0), LOW,
            "Distinct event keys of the synthetic generator.");
    public static final String LOCAL_DATA_DIR = declare(S_LOCAL_MODE, "pipeline.local.data-dir", STRING,
            "path", "", null, LOW,
            "State directory of the embedded services (empty = a fresh temp dir, deleted on exit).");
    public static final String LOCAL_PROGRESS_INTERVAL_S = declare(S_LOCAL_MODE, "pipeline.local.progress-interval-s", INT,
            "seconds", "5", atLeast(0), LOW,
            "Refresh period of the progress line (stdout not a terminal, or `local --verbose`).");
    public static final String LOCAL_PANEL_INTERVAL_MS = declare(S_LOCAL_MODE, "pipeline.local.panel-interval-ms", LONG,
            "ms", "1000", atLeast(100), LOW,
            "Refresh period of the status panel `local` shows when stdout is a terminal.");

    // ---- Reconcile (parallel run with the legacy pipeline; `reconcile` only)
    private static final String S_RECONCILE = "Reconcile (parallel run with the legacy pipeline; `reconcile` only)";
    public static final String RECONCILE_TABLE = declare(S_RECONCILE, "pipeline.reconcile.table", STRING,
            "schema.table", "public.events", null, LOW,
            "The new pipeline's table (contract shape); `reconcile --table` overrides it.");
    public static final String RECONCILE_LEGACY_TABLE = declare(S_RECONCILE, "pipeline.reconcile.legacy.table", STRING,
            "schema.table", "legacy.events", null, LOW,
            "The legacy pipeline's table; `reconcile --legacy-table` overrides it.");
    public static final String RECONCILE_LEGACY_COLUMN_ID = declare(S_RECONCILE, "pipeline.reconcile.legacy.column.id", STRING,
            "column", "event_id", null, LOW,
            "Legacy table column holding the event id.");
    public static final String RECONCILE_LEGACY_COLUMN_KEY = declare(S_RECONCILE, "pipeline.reconcile.legacy.column.key", STRING,
            "column", "event_key", null, LOW,
            "Legacy table column holding the event key.");
    public static final String RECONCILE_LEGACY_COLUMN_OCCURRED_AT = declare(S_RECONCILE, "pipeline.reconcile.legacy.column.occurred-at", STRING,
            "column", "occurred_at", null, LOW,
            "Legacy table column holding occurred_at (timestamptz); the window applies to it.");
    public static final String RECONCILE_LEGACY_COLUMN_PAYLOAD = declare(S_RECONCILE, "pipeline.reconcile.legacy.column.payload", STRING,
            "column", "payload", null, LOW,
            "Legacy table column holding the sanitized event as JSON (PostgreSQL: jsonb, json or text; Redshift: "
            + "see payload-type).");
    public static final String RECONCILE_LEGACY_PAYLOAD_TYPE = declare(S_RECONCILE, "pipeline.reconcile.legacy.payload-type", STRING,
            "varchar|super", "varchar", oneOf("varchar", "super"), LOW,
            "How the legacy payload column stores JSON on Redshift: varchar = JSON text, parsed with JSON_PARSE "
            + "(a row that is not valid JSON counts as a content difference); super = SUPER as is. PostgreSQL casts"
            + " either to jsonb and ignores this.");
    public static final String RECONCILE_LEGACY_COLUMN_LOADED_AT = declare(S_RECONCILE, "pipeline.reconcile.legacy.column.loaded-at", STRING,
            "column", "loaded_at", null, LOW,
            "Legacy table column holding the legacy pipeline's own load time (timestamptz).");
    public static final String RECONCILE_KEY_PATTERN = declare(S_RECONCILE, "pipeline.reconcile.key-pattern", STRING,
            "glob (* and ?)", "*", KEY_PATTERN, LOW,
            "Only event keys matching this pattern are compared; `reconcile --key-pattern` overrides it.");
    public static final String RECONCILE_IGNORE_PATHS = declare(S_RECONCILE, "pipeline.reconcile.ignore-paths", STRING,
            "comma-separated paths (field or field.nested)", "", null, LOW,
            "Known field-level differences left out of the content comparison.");
    public static final String RECONCILE_SAMPLE_SIZE = declare(S_RECONCILE, "pipeline.reconcile.sample-size", INT,
            "ids", "20", atLeast(0), LOW,
            "How many example ids the report lists for each kind of difference.");
    public static final String RECONCILE_OUT = declare(S_RECONCILE, "pipeline.reconcile.out", STRING,
            "path", "target/reconcile", null, LOW,
            "Directory for report.json and report.html; `reconcile --out` overrides it.");
    public static final String RECONCILE_STATEMENT_TIMEOUT_S = declare(S_RECONCILE, "pipeline.reconcile.statement-timeout-s", INT,
            "seconds", "3600", atLeast(0), LOW,
            "Statement timeout of each reconcile query (they scan the whole window).");

    private static final ConfigDef DEFINITION = definition();

    private Setting() {
    }

    /** Every declaration, in the order of the reference. */
    public static List<Declaration> declarations() {
        return Collections.unmodifiableList(DECLARATIONS);
    }

    /** Key to default value (text, as a properties file holds it). */
    public static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        DECLARATIONS.forEach(d -> defaults.put(d.key(), d.defaultValue()));
        return defaults;
    }

    /**
     * Checks every declared key of {@code values} against its type and rule.
     *
     * @throws SettingsException naming every invalid key at once, with its value (hidden when secret), the
     *                           rule and the environment variable
     */
    public static void validate(Map<String, String> values) {
        Map<String, String> declared = new LinkedHashMap<>();
        DECLARATIONS.forEach(d -> {
            String value = values.get(d.key());
            if (value != null) {
                declared.put(d.key(), value);
            }
        });
        Map<String, ConfigValue> results = new HashMap<>();
        DEFINITION.validate(declared).forEach(v -> results.put(v.name(), v));
        List<String> refusals = new ArrayList<>();
        for (Declaration d : DECLARATIONS) {
            ConfigValue result = results.get(d.key());
            if (result != null && !result.errorMessages().isEmpty()) {
                refusals.add(result.errorMessages().get(0) + (d.rule() == null ? "" : "; allowed: " + d.rule())
                        + " (" + PipelineSettings.environmentName(d.key()) + ")");
            }
        }
        if (refusals.isEmpty()) {
            refusals.addAll(combinationRefusals(values));
        }
        if (refusals.size() == 1) {
            throw new SettingsException(refusals.get(0));
        }
        if (!refusals.isEmpty()) {
            throw new SettingsException(refusals.size() + " settings are invalid:\n  " + String.join("\n  ", refusals));
        }
    }

    /** Rules between settings, checked once every value is valid on its own. */
    private static List<String> combinationRefusals(Map<String, String> values) {
        List<String> refusals = new ArrayList<>();
        // A larger event would fail its batch's COPY: with such a warehouse the batcher must refuse it at admission.
        Warehouse warehouse = Warehouse.of(values.getOrDefault(WAREHOUSE_DIALECT, Warehouse.POSTGRESQL.settingValue()));
        String maxBytes = values.get(EVENT_MAX_BYTES);
        OptionalInt limit = warehouse.maxJsonObjectBytes();
        if (limit.isPresent() && maxBytes != null && Integer.parseInt(maxBytes.trim()) > limit.getAsInt()) {
            refusals.add("Invalid value " + maxBytes.trim() + " for configuration " + EVENT_MAX_BYTES + ": with "
                    + WAREHOUSE_DIALECT + "=" + warehouse + " it must be at most " + limit.getAsInt()
                    + " (its COPY reads no JSON object over that) (" + PipelineSettings.environmentName(EVENT_MAX_BYTES) + ")");
        }
        return refusals;
    }

    private static String declare(String section, String key, Type type, String unit, String defaultValue, Validator rule,
                                  Importance importance, String doc) {
        DECLARATIONS.add(new Declaration(section, key, type, unit, defaultValue, rule, importance, doc));
        return key;
    }

    private static ConfigDef definition() {
        ConfigDef definition = new ConfigDef();
        for (Declaration d : DECLARATIONS) {
            definition.define(d.key(), d.type(), d.defaultValue(), d.rule(), d.importance(), d.doc());
        }
        return definition;
    }

    /**
     * Replaces each value of a setting with a fixed set of allowed values by the declared spelling, so that
     * every reader (what a routes file reads through its placeholders included) sees one
     * spelling: {@code Redshift} is accepted and becomes {@code redshift}. Call after {@link #validate}.
     */
    public static void normalize(Map<String, String> values) {
        for (Declaration d : DECLARATIONS) {
            String value = values.get(d.key());
            if (value != null && d.rule() instanceof OneOf allowed) {
                values.put(d.key(), allowed.spelling(value.trim()));
            }
        }
    }

    /** Case-insensitive choice among {@code allowed}; {@link #normalize} turns a value into its declared spelling. */
    private static Validator oneOf(String... allowed) {
        return new OneOf(List.of(allowed));
    }

    private static final class OneOf implements Validator {
        private final List<String> allowed;
        private final Validator rule;

        OneOf(List<String> allowed) {
            this.allowed = allowed;
            this.rule = CaseInsensitiveValidString.in(allowed.toArray(String[]::new));
        }

        @Override
        public void ensureValid(String name, Object value) {
            rule.ensureValid(name, value);
        }

        String spelling(String value) {
            return allowed.stream().filter(a -> a.equalsIgnoreCase(value)).findFirst().orElse(value);
        }

        @Override
        public String toString() {
            return rule.toString();
        }
    }

    /** A rule checked by {@code check} (which throws IllegalArgumentException), described as {@code description}. */
    private static Validator rule(String description, Consumer<String> check) {
        return new Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                try {
                    check.accept(value == null ? "" : value.toString());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, "must be " + description);
                }
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }
}
