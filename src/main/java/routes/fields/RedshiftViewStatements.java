package routes.fields;

import routes.contract.SqlIdentifier;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Redshift's views per event key: late-binding views ({@code WITH NO SCHEMA BINDING}: the view is not tied to the
 * target table, and every table it names must be schema-qualified;
 * https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_VIEW.html) over SUPER navigation
 * ({@code payload."a"."b"}: delimited attribute names, matched case-sensitively whatever
 * enable_case_sensitive_super_attribute says, https://docs.aws.amazon.com/redshift/latest/dg/r_enable_case_sensitive_super_attribute.html),
 * each cast guarded by the SUPER type functions (IS_BIGINT, IS_DECIMAL, IS_FLOAT, IS_BOOLEAN, IS_VARCHAR, IS_OBJECT,
 * IS_ARRAY: https://docs.aws.amazon.com/redshift/latest/dg/c_Type_Info_Functions.html) so that one odd row gives NULL,
 * and timestamps read with TRY_CAST (NULL instead of an error,
 * https://docs.aws.amazon.com/redshift/latest/dg/r_TRY_CAST.html). CREATE OR REPLACE VIEW keeps ownership and grants
 * but only for an identical set of columns (same names and types; r_CREATE_VIEW.html, "OR REPLACE"): any change of the
 * columns is DROP, CREATE and the grants given back from SVV_RELATION_PRIVILEGES
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_SVV_RELATION_PRIVILEGES.html). The columns of a late-binding view
 * are read with PG_GET_LATE_BINDING_VIEW_COLS (https://docs.aws.amazon.com/redshift/latest/dg/PG_GET_LATE_BINDING_VIEW_COLS.html).
 */
public final class RedshiftViewStatements implements ViewStatements {

    /** Redshift's longest identifier, also a delimited SUPER attribute name (bytes). */
    static final int MAX_ATTRIBUTE_BYTES = 127;
    static final String VARCHAR = "VARCHAR(65535)";

    @Override
    public String createView(boolean replace, SqlIdentifier view, SqlIdentifier target, String eventKey,
                             List<ViewColumn> columns) {
        StringBuilder sql = new StringBuilder(replace ? "CREATE OR REPLACE VIEW " : "CREATE VIEW ")
                .append(view.sql()).append(" AS SELECT event_id, occurred_at");
        for (ViewColumn c : columns) {
            sql.append(", ").append(expression(c)).append(" AS ").append(c.name());
        }
        return sql.append(" FROM ").append(target.sql()).append(" WHERE event_key = ")
                .append(ViewStatements.keyLiteral(eventKey)).append(" WITH NO SCHEMA BINDING").toString();
    }

    /** Whether every field name of the path can be written as a delimited SUPER attribute. */
    public static boolean navigable(ViewColumn c) {
        return c.segments().stream().allMatch(s -> !s.isEmpty()
                && s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_ATTRIBUTE_BYTES);
    }

    static String expression(ViewColumn c) {
        String x = "payload" + c.segments().stream().map(s -> ".\"" + s.replace("\"", "\"\"") + "\"")
                .collect(Collectors.joining());
        return switch (c.type()) {
            case BIGINT -> "CASE WHEN IS_BIGINT(" + x + ") THEN " + x + "::BIGINT END";
            case NUMBER -> "CASE WHEN IS_BIGINT(" + x + ") OR IS_DECIMAL(" + x + ") OR IS_FLOAT(" + x + ") THEN "
                    + x + "::DOUBLE PRECISION END";
            case BOOLEAN -> "CASE WHEN IS_BOOLEAN(" + x + ") THEN " + x + "::BOOLEAN END";
            case TIMESTAMP -> "CASE WHEN IS_VARCHAR(" + x + ") THEN TRY_CAST(" + x + "::" + VARCHAR + " AS TIMESTAMPTZ) END";
            case STRING -> "CASE WHEN IS_VARCHAR(" + x + ") THEN " + x + "::" + VARCHAR + " END";
            case JSON -> "CASE WHEN IS_OBJECT(" + x + ") OR IS_ARRAY(" + x + ") THEN " + x + " END";
            case TEXT -> "CASE WHEN IS_VARCHAR(" + x + ") THEN " + x + "::" + VARCHAR + " ELSE JSON_SERIALIZE(" + x
                    + ") END";
        };
    }

    @Override
    public String catalogType(ViewColumnType type) {
        return switch (type) {
            case BIGINT -> "bigint";
            case NUMBER -> "double precision";
            case BOOLEAN -> "boolean";
            case TIMESTAMP -> "timestamp with time zone";
            case STRING, TEXT -> "character varying(65535)";
            case JSON -> "super";
        };
    }

    @Override
    public String currentColumns() {
        return "SELECT col_name, col_type FROM pg_get_late_binding_view_cols()"
                + " cols(view_schema name, view_name name, col_name name, col_type varchar, col_num int)"
                + " WHERE view_schema = ? AND view_name = ? ORDER BY col_num";
    }

    /** Only an identical set of columns (then nothing is to be done: the caller compares first). */
    @Override
    public boolean canReplace(List<CatalogColumn> current, List<CatalogColumn> wanted) {
        return current.equals(wanted);
    }

    @Override
    public String grants() {
        return "SELECT identity_name, privilege_type, identity_type FROM svv_relation_privileges"
                + " WHERE namespace_name = ? AND relation_name = ?"
                + " AND NOT (identity_type = 'user' AND identity_name = current_user)";
    }

    /** Users by name, roles with ROLE, groups with GROUP (https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html). */
    @Override
    public String regrant(Grant grant, SqlIdentifier view) {
        String to = switch (grant.kind().trim().toLowerCase(java.util.Locale.ROOT)) {
            case "role" -> "ROLE " + grant.granteeSql();
            case "group" -> "GROUP " + grant.granteeSql();
            default -> grant.granteeSql();
        };
        return "GRANT " + grant.privilegeSql() + " ON " + view.sql() + " TO " + to;
    }

    /** Transaction-local (SET_CONFIG with true); Redshift has no lock_timeout, the statement timeout bounds the wait. */
    @Override
    public String boundWaits() {
        return "SELECT SET_CONFIG('statement_timeout', '10000', true)";
    }
}
