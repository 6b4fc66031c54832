package routes.fields;

import routes.contract.PipelineFieldChecks;
import routes.contract.SqlIdentifier;
import routes.contract.Warehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The SQL of the views per event key, per dialect ({@link PostgresViewStatements}, {@link RedshiftViewStatements}).
 * Names come from {@link ViewNames} or configuration (validated {@link SqlIdentifier}s); an event key is inlined as a
 * literal only after {@link PipelineFieldChecks#isValidEventKey} (no quote can be in it); a path's field names are
 * inlined only escaped (a view cannot take bind parameters).
 */
public interface ViewStatements {

    static ViewStatements forWarehouse(Warehouse warehouse) {
        return warehouse.pick(PostgresViewStatements::new, RedshiftViewStatements::new);
    }

    /** {@code CREATE [OR REPLACE] VIEW view AS SELECT event_id, occurred_at, <columns> FROM target WHERE event_key = key}. */
    String createView(boolean replace, SqlIdentifier view, SqlIdentifier target, String eventKey, List<ViewColumn> columns);

    /** The view's columns as the catalog will describe them, to compare with {@link #currentColumns}. */
    default List<CatalogColumn> expected(List<ViewColumn> columns) {
        List<CatalogColumn> expected = new ArrayList<>();
        expected.add(new CatalogColumn("event_id", "character varying(64)"));
        expected.add(new CatalogColumn("occurred_at", "timestamp with time zone"));
        columns.forEach(c -> expected.add(new CatalogColumn(c.name(), catalogType(c.type()))));
        return expected;
    }

    /** How the catalog names a view column of {@code type}. */
    String catalogType(ViewColumnType type);

    /** The view's columns (name, type) in order; parameters: schema, view name. */
    String currentColumns();

    /** Whether a view with {@code current} columns can be replaced in place by one with {@code wanted}. */
    boolean canReplace(List<CatalogColumn> current, List<CatalogColumn> wanted);

    /** Grants on the view to anyone but its owner: grantee, privilege, grantee kind; parameters: schema, view name. */
    String grants();

    /** The GRANT that gives {@code grant} back after a DROP and CREATE. */
    String regrant(Grant grant, SqlIdentifier view);

    /** Bounds this transaction's waits for locks (an analyst's long query holds the view). */
    String boundWaits();

    default String dropView(SqlIdentifier view) {
        return "DROP VIEW " + view.sql();
    }

    /** Whether the schema exists; parameter: schema name. */
    default String schemaExists() {
        return "SELECT count(*) FROM pg_namespace WHERE nspname = ?";
    }

    default String createSchema(String schema) {
        return "CREATE SCHEMA " + SqlIdentifier.of(schema + ".x").schema();
    }

    /** One column as the catalog describes it. */
    record CatalogColumn(String name, String type) {
    }

    /** A grant read from the catalog; {@code kind} is {@code user}, {@code role}, {@code group} or {@code public}. */
    record Grant(String grantee, String privilege, String kind) {

        private static final Set<String> PRIVILEGES = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE",
                "REFERENCES", "TRIGGER", "DROP", "ALTER", "RULE");

        /** The privilege as SQL text, only from the known list. */
        public String privilegeSql() {
            String p = privilege.trim().toUpperCase(java.util.Locale.ROOT);
            if (!PRIVILEGES.contains(p)) {
                throw new IllegalArgumentException("unknown privilege in the catalog: " + p);
            }
            return p;
        }

        /** The grantee as a delimited identifier (quotes doubled), or PUBLIC. */
        public String granteeSql() {
            return "public".equalsIgnoreCase(kind) ? "PUBLIC" : "\"" + grantee.replace("\"", "\"\"") + "\"";
        }
    }

    /** The key as an SQL literal, refused unless it is a valid event key (which holds no quote). */
    static String keyLiteral(String eventKey) {
        if (!PipelineFieldChecks.isValidEventKey(eventKey)) {
            throw new IllegalArgumentException("invalid event key: " + PipelineFieldChecks.EVENT_KEY_RULE);
        }
        return "'" + eventKey + "'";
    }
}
