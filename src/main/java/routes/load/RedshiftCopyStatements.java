package routes.load;

import routes.contract.S3BucketName;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.config.Setting;
import routes.contract.LedgerTable;
import routes.contract.PipelineFieldChecks;
import routes.contract.SqlIdentifier;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every SQL string the Redshift dialect runs, built in this one class so that a reviewer can read all of
 * it in one place; docs/redshift.md gives the AWS documentation each choice rests on. Table names arrive as
 * {@link SqlIdentifier}s (validated configuration); values are {@code ?} parameters at the top level of a
 * statement, and the few literals (COPY's manifest URL, IAM role and region; the stage's day ranges; the stage
 * name) are made here from validated or typed values, never from message text. A single quote is refused, never
 * escaped.
 *
 * <p>Staging is a per-cycle {@code CREATE TEMP TABLE load_stage_<load id> (doc SUPER)} plus
 * {@code COPY … FORMAT JSON 'noshred'}: the target's {@code payload} column is the whole sanitized document, and
 * {@code 'auto'} would map only top-level keys that have a column of the same name and silently drop the rest.
 * The stage's name is unique per cycle so that no statement prepared on a pooled session can point at the
 * relation of an earlier cycle, and so that nothing can ever drop a permanent table through the search path.
 */
public final class RedshiftCopyStatements {

    /** Prefix of each cycle's staging table; the load id (hex, without dashes) completes the name. */
    public static final String STAGE_PREFIX = "load_stage_";
    /** More distinct days than this in one stage: the anti-join scans the stage's whole min..max range instead. */
    static final int MAX_DAY_RANGES = 64;

    private static final Pattern IAM_ROLE = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    /** Where the loader writes its COPY manifests (bucket root); they are not needed after their load. */
    public static final String MANIFEST_PREFIX = "manifests/";
    private static final Pattern MANIFEST_KEY = Pattern.compile("manifests/[a-z0-9_.]{1,255}/[a-z0-9-]{1,64}\\.manifest");
    private static final Pattern LOAD_ID = Pattern.compile("[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}");
    private static final Pattern STAGE = Pattern.compile(STAGE_PREFIX + "[a-f0-9]{32}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /*
     * The pipeline's columns, extracted from a staged document. SUPER string scalars cast to VARCHAR lose their
     * quotes. Each key is cast to its contract limit plus 4 bytes (one UTF-8 character at most), not to
     * VARCHAR(65535): the window and the join carry these columns, and Redshift does not compress the intermediate
     * results, so a wide declared type costs memory and disk on every load. The margin keeps an over-long value
     * over the limit whatever the cast does with it (AWS does not say: cut it, even at a character boundary, and at
     * least limit + 1 bytes remain; NULL, as a failed cast from SUPER gives; or an error), so the stage check still
     * refuses it loudly instead of merging two ids cut to the same prefix. TRY_CAST turns an occurred_at Redshift
     * cannot read into NULL, which the stage check counts, rather than an error in the middle of the INSERT.
     */
    static final int CAST_MARGIN_BYTES = 4;
    private static final String EVENT_ID = "CAST(s.doc.event_id AS VARCHAR("
            + (PipelineFieldChecks.MAX_EVENT_ID_BYTES + CAST_MARGIN_BYTES) + "))";
    private static final String EVENT_KEY = "CAST(s.doc.event_key AS VARCHAR("
            + (PipelineFieldChecks.MAX_EVENT_KEY_CHARS + CAST_MARGIN_BYTES) + "))";
    private static final String OCCURRED_AT = "TRY_CAST(CAST(s.doc.occurred_at AS VARCHAR(256)) AS TIMESTAMPTZ)";

    /**
     * {@code loaded_at} of rows and ledger: the start of the INSERT statement, after the LOCK wait and the COPY
     * (https://docs.aws.amazon.com/redshift/latest/dg/r_GETDATE.html), not SYSDATE, the transaction's start, which
     * comes before both and understated every latency read from it. GETDATE() has whole seconds.
     */
    private static final String LOADED_AT = "GETDATE()";

    private final String iamRoleArn;
    private final String region;
    private final CopyOptions options;

    public RedshiftCopyStatements(String iamRoleArn, String region) {
        this(iamRoleArn, region, CopyOptions.defaults());
    }

    public RedshiftCopyStatements(String iamRoleArn, String region, CopyOptions options) {
        this.options = options;
        this.iamRoleArn = requireLiteral(iamRoleArn, IAM_ROLE, "pipeline.warehouse.iam-role (an IAM role ARN)");
        this.region = requireLiteral(region, REGION, Setting.S3_REGION);
    }

    private static String requireLiteral(String value, Pattern pattern, String what) {
        if (value == null || value.indexOf('\'') >= 0 || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid " + what + " for Redshift COPY");
        }
        return value;
    }

    // ---- session and transaction frame ---------------------------------------------------------------

    /** Run once per pooled connection: GETDATE() and day boundaries are then UTC, like sys_load_error_detail. */
    public static String sessionTimeZone() {
        return "SET timezone TO 'UTC'";
    }

    /** The current database's collation: {@code case_sensitive} or {@code case_insensitive}. */
    public static String databaseCollation() {
        return "SELECT db_collation()";
    }

    /**
     * The loader's sessions navigate SUPER attributes case-sensitively, so {@code s.doc.event_id} reads the field
     * {@code event_id} and never an {@code EVENT_ID} next to it: the setting defaults to false, and a false setting
     * navigates non-delimited attribute names case-insensitively
     * (https://docs.aws.amazon.com/redshift/latest/dg/r_enable_case_sensitive_super_attribute.html).
     */
    public static String caseSensitiveSuperAttributes() {
        return "SET enable_case_sensitive_super_attribute TO true";
    }

    /** Per-transaction statement timeout; parameter 1: milliseconds as text. */
    public static String setStatementTimeout() {
        return "SELECT SET_CONFIG('statement_timeout', ?, true)";
    }

    /**
     * Serialises the loads of {@code target} on its ledger alone (ACCESS EXCLUSIVE until COMMIT). Each of them takes
     * it before its first read, so the ledger check and the anti-join stay true until COMMIT; the loads of another
     * target lock and write another ledger, so they run side by side; the analysts' target tables are never locked,
     * so their readers never wait for a load (docs/redshift.md §4.6).
     */
    public static String lock(SqlIdentifier target) {
        return "LOCK " + LedgerTable.of(target).sql();
    }

    /** Rows of this cycle's batches in {@code target}'s ledger; parameters 1..n: batch ids. */
    public static String selectLoadedBatches(SqlIdentifier target, int batchCount) {
        return selectBatches(LedgerTable.of(target).sql(), batchCount);
    }

    /**
     * Rows of this cycle's batches in the legacy ledger (the one table of earlier releases, read only: no load writes
     * it, so reading it adds no conflict between loads, docs/redshift.md §4.6). A statement of its own rather than a
     * UNION with {@link #selectLoadedBatches}: no {@code ?} outside a plain top-level query (§4.8). Parameters 1..n:
     * batch ids.
     */
    public static String selectLegacyLoadedBatches(int batchCount) {
        return selectBatches(LedgerTable.LEGACY, batchCount);
    }

    private static String selectBatches(String ledger, int batchCount) {
        if (batchCount < 1) {
            throw new IllegalArgumentException("at least one batch id");
        }
        return "SELECT batch_id FROM " + ledger + " WHERE batch_id IN ("
                + String.join(", ", Collections.nCopies(batchCount, "?")) + ")";
    }

    // ---- staging ------------------------------------------------------------------------------------

    /** The staging table of the cycle {@code loadId}: {@code load_stage_} and the id's 32 hex digits. */
    public static String stageName(String loadId) {
        requireLoadId(loadId);
        return STAGE_PREFIX + loadId.replace("-", "");
    }

    public static String createStage(String stage) {
        return "CREATE TEMP TABLE " + requireStage(stage) + " (doc SUPER)";
    }

    /** At the end of a cycle, so a long-lived pooled session does not collect one temp table per load. */
    public static String dropStage(String stage) {
        return "DROP TABLE " + requireStage(stage);
    }

    /**
     * A server time no later than this transaction's COPY and later than every earlier COPY of this session, to find
     * this COPY's rows in the load-error views: SYSDATE is the start of the current transaction, to the microsecond
     * (https://docs.aws.amazon.com/redshift/latest/dg/r_SYSDATE.html), and a session's earlier COPYs ran in earlier
     * transactions. GETDATE() is the statement's start in whole seconds
     * (https://docs.aws.amazon.com/redshift/latest/dg/r_GETDATE.html), so an earlier COPY of the same second would
     * match as well.
     */
    public static String serverTime() {
        return "SELECT SYSDATE";
    }

    /**
     * The COPY of all of this cycle's objects through one manifest, with the tunable {@link CopyOptions}
     * (by default MAXERROR 0: any bad row fails it). No
     * TIMEFORMAT: with 'noshred' no column is a timestamp, occurred_at is cast in SQL.
     */
    public String copy(String stage, String manifestUrl) {
        requireManifestUrl(manifestUrl);
        return "COPY " + requireStage(stage) + " FROM '" + manifestUrl + "'"
                + " IAM_ROLE '" + iamRoleArn + "'"
                + " FORMAT JSON 'noshred' GZIP MANIFEST"
                + " REGION '" + region + "'"
                + " COMPUPDATE OFF STATUPDATE OFF" + options.sql();
    }

    /** The manifest's key for one cycle: {@code manifests/<table>/<loadId>.manifest}. */
    public static String manifestKey(SqlIdentifier table, String loadId) {
        requireLoadId(loadId);
        return MANIFEST_PREFIX + table.sql() + "/" + loadId + ".manifest";
    }

    /** {@code s3://bucket/key} for a manifest key produced by {@link #manifestKey}. */
    public static String manifestUrl(String bucket, String manifestKey) {
        if (!S3BucketName.isValid(bucket) || bucket.indexOf('\'') >= 0) {
            throw new IllegalArgumentException("invalid bucket name");
        }
        if (manifestKey == null || !MANIFEST_KEY.matcher(manifestKey).matches()) {
            throw new IllegalArgumentException("manifest key was not generated by manifestKey()");
        }
        return "s3://" + bucket + "/" + manifestKey;
    }

    private static void requireManifestUrl(String url) {
        int slash = url == null || !url.startsWith("s3://") ? -1 : url.indexOf('/', 5);
        if (slash < 0) {
            throw new IllegalArgumentException("manifest URL must be s3://bucket/key");
        }
        manifestUrl(url.substring(5, slash), url.substring(slash + 1));
    }

    /** {@code {"entries":[{"url":"s3://…","mandatory":true},…]}}: a missing object fails the COPY. */
    public static byte[] manifestJson(List<String> objectUrls) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode entries = root.putArray("entries");
        for (String url : objectUrls) {
            entries.addObject().put("url", url).put("mandatory", true);
        }
        try {
            return JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One row: staged rows, then rows whose event_id, event_key or occurred_at cannot be extracted or does not
     * fit its column. Any non-zero count fails the cycle before the INSERT, with the counts as the reason.
     */
    public static String checkStage(String stage) {
        return "SELECT COUNT(*),"
                + " SUM(CASE WHEN event_id IS NULL OR OCTET_LENGTH(event_id) NOT BETWEEN 1 AND "
                + PipelineFieldChecks.MAX_EVENT_ID_BYTES + " THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN event_key IS NULL OR OCTET_LENGTH(event_key) NOT BETWEEN 1 AND "
                + PipelineFieldChecks.MAX_EVENT_KEY_CHARS + " THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN occurred_at IS NULL THEN 1 ELSE 0 END)"
                + " FROM (SELECT " + EVENT_ID + " AS event_id, " + EVENT_KEY + " AS event_key, " + OCCURRED_AT
                + " AS occurred_at FROM " + requireStage(stage) + " s) x";
    }

    // ---- errors of a failed COPY (run after ROLLBACK, on the same session) -------------------------

    /** Latest error row of this session's COPY; parameter 1: server time taken before the COPY. */
    public static String lastLoadError() {
        return "SELECT TRIM(file_name), line_number, error_code, TRIM(error_message) FROM sys_load_error_detail"
                + " WHERE session_id = PG_BACKEND_PID() AND start_time >= ? ORDER BY start_time DESC LIMIT 1";
    }

    /** The same from the older STL table (main cluster only), for clusters without the SYS view. */
    public static String lastLoadErrorLegacy() {
        return "SELECT TRIM(filename), line_number, err_code, TRIM(err_reason) FROM stl_load_errors"
                + " WHERE session = PG_BACKEND_PID() AND starttime >= ? ORDER BY starttime DESC LIMIT 1";
    }

    // ---- dedupe, insert, ledger ---------------------------------------------------------------------

    /** The stage's distinct UTC days, {@code YYYY-MM-DD}, whatever the session's time zone. */
    public static String stageDays(String stage) {
        return "SELECT DISTINCT TO_CHAR(CONVERT_TIMEZONE('UTC', " + OCCURRED_AT + "), 'YYYY-MM-DD') FROM "
                + requireStage(stage) + " s";
    }

    /**
     * One row per event_id from the stage, minus event_ids already in the target on the stage's days: the
     * look-back is bounded by the days the stage covers, not by its min..max range, so one late event adds one
     * day of the target to the scan, not weeks; zone maps on the SORTKEY skip the rest. Parameter 1: the load id
     * (the {@code batch_id} column: one manifest COPY cannot tell which file a row came from).
     *
     * @param days the stage's distinct UTC days ({@link #stageDays}); consecutive days are merged into one range
     */
    public static String insertDeduplicated(SqlIdentifier table, String stage, List<LocalDate> days) {
        if (days.isEmpty()) {
            throw new IllegalArgumentException("at least one day");
        }
        return "INSERT INTO " + table.sql() + " (event_id, event_key, occurred_at, loaded_at, batch_id, payload)"
                + " SELECT d.event_id, d.event_key, d.occurred_at, " + LOADED_AT + ", ?, d.doc"
                + " FROM (SELECT " + EVENT_ID + " AS event_id, " + EVENT_KEY + " AS event_key, "
                + OCCURRED_AT + " AS occurred_at, s.doc AS doc,"
                + " ROW_NUMBER() OVER (PARTITION BY " + EVENT_ID + " ORDER BY " + OCCURRED_AT + ") AS rn"
                + " FROM " + requireStage(stage) + " s) d"
                + " LEFT JOIN (SELECT event_id FROM " + table.sql() + " WHERE " + dayRanges(days) + ") t"
                + " ON t.event_id = d.event_id"
                + " WHERE d.rn = 1 AND t.event_id IS NULL";
    }

    /** {@code (occurred_at >= day AND occurred_at < day+n) OR …} over runs of consecutive days, as UTC literals. */
    static String dayRanges(List<LocalDate> days) {
        List<LocalDate> sorted = days.stream().distinct().sorted().toList();
        List<DayRange> runs = new ArrayList<>();
        for (LocalDate day : sorted) {
            DayRange last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && last.end().equals(day)) {
                runs.set(runs.size() - 1, new DayRange(last.start(), day.plusDays(1)));
            } else {
                runs.add(new DayRange(day, day.plusDays(1)));
            }
        }
        if (runs.size() > MAX_DAY_RANGES) {
            runs = List.of(new DayRange(sorted.get(0), sorted.get(sorted.size() - 1).plusDays(1)));
        }
        return runs.stream().map(r -> "(occurred_at >= " + utcMidnight(r.start()) + " AND occurred_at < "
                + utcMidnight(r.end()) + ")").collect(Collectors.joining(" OR "));
    }

    /** Whole UTC days, {@code end} exclusive. */
    private record DayRange(LocalDate start, LocalDate end) {
    }

    private static String utcMidnight(LocalDate day) {
        return "CAST('" + day + " 00:00:00+00' AS TIMESTAMPTZ)"; // LocalDate prints only digits and dashes
    }

    /**
     * Ledger rows per INSERT. One multi-row INSERT per load rather than one INSERT per batch (redshift-jdbc42 sends an
     * executeBatch as single-row INSERTs unless reWriteBatchedInserts is set, and it defaults to false:
     * https://docs.aws.amazon.com/redshift/latest/mgmt/jdbc20-configuration-options.html), all under the ledger's
     * LOCK. 1,000 rows are 7,000 bind parameters (the wire protocol counts them in 16 bits) and well under 2 MB with
     * S3 keys of at most 1,024 bytes, far from Redshift's 16 MB per statement
     * (https://docs.aws.amazon.com/redshift/latest/dg/c_redshift-sql.html).
     */
    public static final int MAX_LEDGER_ROWS_PER_INSERT = 1_000;

    /**
     * {@code rows} ledger rows in one statement; parameters per row: batch_id, target_table, s3_key, record_count,
     * rows_inserted, duplicates_skipped, load_id. Into {@code target}'s own ledger.
     */
    public static String insertLedger(SqlIdentifier target, int rows) {
        if (rows < 1 || rows > MAX_LEDGER_ROWS_PER_INSERT) {
            throw new IllegalArgumentException("1 to " + MAX_LEDGER_ROWS_PER_INSERT + " ledger rows per INSERT");
        }
        return "INSERT INTO " + LedgerTable.of(target).sql() + " (batch_id, target_table, s3_key, record_count, rows_inserted,"
                + " duplicates_skipped, load_id, loaded_at) VALUES "
                + String.join(", ", Collections.nCopies(rows, "(?, ?, ?, ?, ?, ?, ?, " + LOADED_AT + ")"));
    }

    // ---- bootstrap ----------------------------------------------------------------------------------

    /** The schema of a target table (Redshift has only {@code public} until one is created). */
    public static String createSchema(SqlIdentifier table) {
        return "CREATE SCHEMA IF NOT EXISTS " + table.schema();
    }

    /**
     * The target table. SORTKEY(occurred_at): analysts query time ranges and the dedupe look-back is a
     * time range, so zone maps skip most blocks. DISTSTYLE AUTO: Redshift picks and adapts distribution;
     * no join key dominates. PRIMARY KEY is informational only in Redshift (not enforced).
     */
    public static String createTarget(SqlIdentifier table) {
        return "CREATE TABLE IF NOT EXISTS " + table.sql() + " ("
                + "event_id VARCHAR(64) NOT NULL, event_key VARCHAR(128) NOT NULL,"
                + " occurred_at TIMESTAMPTZ NOT NULL, loaded_at TIMESTAMPTZ NOT NULL,"
                + " batch_id VARCHAR(128) NOT NULL, payload SUPER NOT NULL)"
                + " DISTSTYLE AUTO SORTKEY(occurred_at)";
    }

    private static void requireLoadId(String loadId) {
        if (loadId == null || !LOAD_ID.matcher(loadId).matches()) {
            throw new IllegalArgumentException("invalid load id");
        }
    }

    private static String requireStage(String stage) {
        if (stage == null || !STAGE.matcher(stage).matches()) {
            throw new IllegalArgumentException("stage name was not generated by stageName()");
        }
        return stage;
    }
}
