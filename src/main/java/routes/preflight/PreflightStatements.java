package routes.preflight;

import routes.contract.Warehouse;
import routes.contract.SqlIdentifier;
import routes.reconcile.PayloadType;
import routes.reconcile.TableMapping;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The read-only SQL the warehouse check runs, per dialect, in one place. Names (schema, table) are bound
 * parameters, never SQL text. Redshift and PostgreSQL share the catalog functions used here
 * ({@code has_*_privilege}, {@code pg_namespace}, {@code pg_tables}); they differ in how collation is read
 * and in what LOCK needs.
 */
public final class PreflightStatements {

    private final boolean redshift;

    private PreflightStatements(boolean redshift) {
        this.redshift = redshift;
    }

    public static PreflightStatements redshift() {
        return new PreflightStatements(true);
    }

    public static PreflightStatements postgres() {
        return new PreflightStatements(false);
    }

    public static PreflightStatements forWarehouse(Warehouse warehouse) {
        return warehouse.pick(PreflightStatements::postgres, PreflightStatements::redshift);
    }

    /**
     * Whether the database's collation ({@link #collation()}) would make the loader's dedupe merge distinct ids: on
     * Redshift a case-insensitive database (docs/redshift.md §1.3); PostgreSQL's default collation is deterministic.
     */
    public boolean refusesCollation(String collation) {
        return redshift && "case_insensitive".equalsIgnoreCase(collation);
    }

    /** The collation as the check reports it when it is not refused. */
    public String describeCollation(String collation) {
        return redshift ? "database collation " + collation : "datcollate " + collation + " (deterministic: ids compare byte for byte)";
    }

    /** Said after the grants held: Redshift's LOCK privilege cannot be read from the catalog, only proven. */
    public String grantsNote() {
        return redshift ? " (LOCK is proven by the canary load)" : "";
    }

    public String version() {
        return "SELECT version()";
    }

    public String timeZone() {
        return "SHOW timezone";
    }

    /**
     * One text column. Redshift: {@code case_sensitive} or {@code case_insensitive}, from {@code db_collation()}
     * (https://docs.aws.amazon.com/redshift/latest/dg/r_DB_COLLATION.html); a case-insensitive database compares
     * {@code event_id} case-insensitively, so the dedupe would drop distinct events. PostgreSQL: the database's
     * {@code datcollate}, informative only (its default collation is always deterministic).
     */
    public String collation() {
        return redshift ? "SELECT db_collation()"
                : "SELECT datcollate FROM pg_database WHERE datname = current_database()";
    }

    /** The stage is a TEMP table: the loader needs TEMP on the database. */
    public String tempPrivilege() {
        return "SELECT has_database_privilege(current_database(), 'TEMP')";
    }

    /** CREATE on the database: the loader creates event_pipeline (and target schemas) if absent. */
    public String createSchemaPrivilege() {
        return "SELECT has_database_privilege(current_database(), 'CREATE')";
    }

    /** Parameter: schema name. */
    public String schemaExists() {
        return "SELECT count(*) FROM pg_namespace WHERE nspname = ?";
    }

    /** Parameters: schema name, privilege ({@code USAGE} or {@code CREATE}). */
    public String schemaPrivilege() {
        return "SELECT has_schema_privilege(?, ?)";
    }

    /** Parameters: schema name, table name. */
    public String tableExists() {
        return "SELECT count(*) FROM pg_tables WHERE schemaname = ? AND tablename = ?";
    }

    /** Parameters: {@code schema.table}, privilege. */
    public String tablePrivilege() {
        return "SELECT has_table_privilege(?, ?)";
    }

    /**
     * The table privileges a loader needs, by what each is for: no more (docs/security.md, WarehouseGrantsIT).
     * PostgreSQL's loaders serialize on an advisory lock, which needs none; on Redshift LOCK is proven by the
     * canary load instead of a privilege function.
     */
    public Map<String, String> tablePrivileges() {
        Map<String, String> needed = new LinkedHashMap<>();
        needed.put("SELECT", "dedupe reads the target");
        needed.put("INSERT", "the load inserts");
        return needed;
    }

    /** The canary's rows in the target. Parameter: {@code event_id} LIKE pattern of the run. */
    public String canaryRows(SqlIdentifier table) {
        return "SELECT count(*) FROM " + table.sql() + " WHERE event_id LIKE ?";
    }

    /** What the load stored as occurred_at. Parameter: the event id. */
    public String storedOccurredAt(SqlIdentifier table) {
        return "SELECT occurred_at FROM " + table.sql() + " WHERE event_id = ?";
    }

    // ---- reconcile's rehearsal: two small tables created inside a transaction that is rolled back ------------

    /** The schema of {@code table}. */
    public String createSchema(SqlIdentifier table) {
        return "CREATE SCHEMA IF NOT EXISTS " + table.schema();
    }

    /**
     * A table of {@code mapping}'s shape: the pipeline's table ({@code SUPER}/{@code jsonb} payload) or the legacy
     * one, whose payload is JSON text or SUPER as {@code pipeline.reconcile.legacy.payload-type} says.
     */
    public String createReconcileTable(TableMapping mapping) {
        String payload = mapping.payloadType() == PayloadType.SUPER ? (redshift ? "SUPER" : "jsonb")
                : (redshift ? "VARCHAR(65535)" : "text");
        return "CREATE TABLE " + mapping.table().sql() + " (" + mapping.id() + " VARCHAR(64), " + mapping.key()
                + " VARCHAR(128), " + mapping.occurredAt() + " TIMESTAMPTZ, " + mapping.loadedAt() + " TIMESTAMPTZ, "
                + mapping.payload() + " " + payload + ")";
    }

    /** Parameters: id, key, occurred_at and loaded_at as ISO-8601 text, the payload as JSON text. */
    public String insertReconcileRow(TableMapping mapping) {
        String payload = mapping.payloadType() == PayloadType.SUPER ? (redshift ? "JSON_PARSE(?)" : "CAST(? AS jsonb)") : "?";
        return "INSERT INTO " + mapping.table().sql() + " (" + mapping.id() + ", " + mapping.key() + ", "
                + mapping.occurredAt() + ", " + mapping.loadedAt() + ", " + mapping.payload() + ") VALUES (?, ?,"
                + " CAST(? AS TIMESTAMPTZ), CAST(? AS TIMESTAMPTZ), " + payload + ")";
    }

    /** {@code jdbc:…//host:port/db}, without the query string (it may carry a password). */
    public static String jdbcTarget(String jdbcUrl) {
        int q = jdbcUrl.indexOf('?');
        String base = q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
        int at = base.indexOf('@');
        int slashes = base.indexOf("//");
        if (at > 0 && slashes >= 0 && at > slashes) {
            base = base.substring(0, slashes + 2) + base.substring(at + 1); // user:password@host
        }
        return base;
    }
}
