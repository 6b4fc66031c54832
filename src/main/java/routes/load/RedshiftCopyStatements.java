package routes.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every SQL string the Redshift dialect runs, built in this one class so that a reviewer can read all of
 * it in one place. Table names arrive as {@link SqlIdentifier}s (validated configuration); every value
 * is a {@code ?} parameter. COPY cannot take parameters, so its three literals (manifest URL, IAM role,
 * region) are checked against strict patterns and a single quote is refused, never escaped.
 *
 * <p>Staging is {@code CREATE TEMP TABLE load_stage (doc SUPER)} plus {@code COPY … FORMAT JSON 'noshred'}:
 * the target's {@code payload} column is the whole sanitized document, and {@code 'auto'} would map only
 * top-level keys that have a column of the same name and silently drop the rest, i.e. lose the payload.
 * {@code 'noshred'} keeps each line as one SUPER value; the three columns the pipeline needs are
 * extracted from it in the INSERT.
 */
public final class RedshiftCopyStatements {

    public static final String LEDGER = "event_pipeline.loads";
    public static final String STAGE = "load_stage";

    private static final Pattern IAM_ROLE = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern MANIFEST_KEY = Pattern.compile("manifests/[a-z0-9_.]{1,255}/[a-z0-9-]{1,64}\\.manifest");
    private static final Pattern LOAD_ID = Pattern.compile("[a-z0-9-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Extracted columns of a staged document; SUPER string scalars cast to VARCHAR lose their quotes. */
    private static final String EVENT_ID = "CAST(s.doc.event_id AS VARCHAR(64))";
    private static final String EVENT_KEY = "CAST(s.doc.event_key AS VARCHAR(128))";
    private static final String OCCURRED_AT = "CAST(CAST(s.doc.occurred_at AS VARCHAR(64)) AS TIMESTAMPTZ)";

    private final String iamRoleArn;
    private final String region;

    public RedshiftCopyStatements(String iamRoleArn, String region) {
        this.iamRoleArn = requireLiteral(iamRoleArn, IAM_ROLE, "IAM role ARN");
        this.region = requireLiteral(region, REGION, "region");
    }

    private static String requireLiteral(String value, Pattern pattern, String what) {
        if (value == null || value.indexOf('\'') >= 0 || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid " + what + " for Redshift COPY");
        }
        return value;
    }

    // ---- transaction frame -------------------------------------------------------------------------

    /** Per-transaction statement timeout; parameter 1: milliseconds as text. */
    public static String setStatementTimeout() {
        return "SELECT SET_CONFIG('statement_timeout', ?, true)";
    }

    /**
     * Explicit lock of the target and the ledger (ACCESS EXCLUSIVE in Redshift). Redshift does not enforce
     * primary keys, so serialising loaders per table is what keeps the ledger check and the anti-join true
     * until COMMIT.
     */
    public static String lock(SqlIdentifier table) {
        return "LOCK " + table.sql() + ", " + LEDGER;
    }

    /** Ledger rows of this cycle's batches; parameters 1..n: batch ids. */
    public static String selectLoadedBatches(int batchCount) {
        if (batchCount < 1) {
            throw new IllegalArgumentException("at least one batch id");
        }
        return "SELECT batch_id FROM " + LEDGER + " WHERE batch_id IN ("
                + String.join(", ", Collections.nCopies(batchCount, "?")) + ")";
    }

    // ---- staging ------------------------------------------------------------------------------------

    /** Temp tables live for the session; a pooled session may still hold one from an earlier cycle. */
    public static String dropStage() {
        return "DROP TABLE IF EXISTS " + STAGE;
    }

    public static String createStage() {
        return "CREATE TEMP TABLE " + STAGE + " (doc SUPER)";
    }

    /** Server time before the COPY, to find this COPY's rows in the load-error views. */
    public static String serverTime() {
        return "SELECT GETDATE()";
    }

    /** The COPY of all of this cycle's objects through one manifest (MAXERROR 0: any bad row fails it). */
    public String copy(String manifestUrl) {
        requireManifestUrl(manifestUrl);
        return "COPY " + STAGE + " FROM '" + manifestUrl + "'"
                + " IAM_ROLE '" + iamRoleArn + "'"
                + " FORMAT JSON 'noshred' GZIP MANIFEST"
                + " REGION '" + region + "'"
                + " TIMEFORMAT 'auto' COMPUPDATE OFF STATUPDATE OFF MAXERROR 0";
    }

    /** The manifest's key for one cycle: {@code manifests/<table>/<loadId>.manifest}. */
    public static String manifestKey(SqlIdentifier table, String loadId) {
        if (loadId == null || !LOAD_ID.matcher(loadId).matches()) {
            throw new IllegalArgumentException("invalid load id");
        }
        return "manifests/" + table.sql() + "/" + loadId + ".manifest";
    }

    /** {@code s3://bucket/key} for a manifest key produced by {@link #manifestKey}. */
    public static String manifestUrl(String bucket, String manifestKey) {
        if (!S3Names.isValidBucket(bucket) || bucket.indexOf('\'') >= 0) {
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

    /** MIN/MAX occurred_at and row count of the stage, so the anti-join can be bounded by the sort key. */
    public static String stageStats() {
        return "SELECT MIN(occurred_at), MAX(occurred_at), COUNT(*) FROM (SELECT " + OCCURRED_AT
                + " AS occurred_at FROM " + STAGE + " s) x";
    }

    /**
     * One row per event_id from the stage, minus event_ids already in the target within the stage's
     * occurred_at range (zone maps on the SORTKEY prune the look-back). Parameters: 1 load id (the
     * {@code batch_id} column: one manifest COPY cannot tell which file a row came from), 2 range start,
     * 3 range end.
     */
    public static String insertDeduplicated(SqlIdentifier table) {
        return "INSERT INTO " + table.sql() + " (event_id, event_key, occurred_at, loaded_at, batch_id, payload)"
                + " SELECT d.event_id, d.event_key, d.occurred_at, SYSDATE, ?, d.doc"
                + " FROM (SELECT " + EVENT_ID + " AS event_id, " + EVENT_KEY + " AS event_key, "
                + OCCURRED_AT + " AS occurred_at, s.doc AS doc,"
                + " ROW_NUMBER() OVER (PARTITION BY " + EVENT_ID + " ORDER BY " + OCCURRED_AT + ") AS rn"
                + " FROM " + STAGE + " s) d"
                + " LEFT JOIN (SELECT event_id FROM " + table.sql() + " WHERE occurred_at BETWEEN ? AND ?) t"
                + " ON t.event_id = d.event_id"
                + " WHERE d.rn = 1 AND t.event_id IS NULL";
    }

    /** Parameters: batch_id, target_table, s3_key, record_count, rows_inserted, duplicates_skipped, load_id. */
    public static String insertLedger() {
        return "INSERT INTO " + LEDGER + " (batch_id, target_table, s3_key, record_count, rows_inserted,"
                + " duplicates_skipped, load_id, loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, SYSDATE)";
    }

    // ---- bootstrap ----------------------------------------------------------------------------------

    public static String createSchema() {
        return "CREATE SCHEMA IF NOT EXISTS event_pipeline";
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

    public static String createLedger() {
        return "CREATE TABLE IF NOT EXISTS " + LEDGER + " ("
                + "batch_id VARCHAR(128) NOT NULL PRIMARY KEY, target_table VARCHAR(256) NOT NULL,"
                + " s3_key VARCHAR(1024) NOT NULL, record_count BIGINT NOT NULL, rows_inserted BIGINT,"
                + " duplicates_skipped BIGINT, load_id VARCHAR(64) NOT NULL, loaded_at TIMESTAMPTZ NOT NULL)";
    }
}
