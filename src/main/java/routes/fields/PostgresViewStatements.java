package routes.fields;

import routes.contract.SqlIdentifier;

import java.util.List;
import java.util.stream.Collectors;

/**
 * PostgreSQL's views per event key: {@code payload -> 'a' -> 'b'} navigation and casts guarded by
 * {@code jsonb_typeof} (https://www.postgresql.org/docs/14/functions-json.html), and by a pattern where a cast could
 * still fail (a bigint out of range, a string that is no timestamp), so one odd row gives NULL, never an error.
 * CREATE OR REPLACE VIEW keeps the grants and may add columns at the end, but cannot change a column's name or type
 * (https://www.postgresql.org/docs/14/sql-createview.html).
 */
final class PostgresViewStatements implements ViewStatements {

    /** Up to 18 digits: always within bigint. */
    private static final String BIGINT_TEXT = "^-?[0-9]{1,18}$";
    /** An ISO-8601 date and time PostgreSQL parses: year 0001-9999, month, day 01-31, hour, minute, second, offset. */
    static final String TIMESTAMP_TEXT = "^(?!0000)[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt ]"
            + "([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,9})?)?([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)?$";

    @Override
    public String createView(boolean replace, SqlIdentifier view, SqlIdentifier target, String eventKey,
                             List<ViewColumn> columns) {
        StringBuilder sql = new StringBuilder(replace ? "CREATE OR REPLACE VIEW " : "CREATE VIEW ")
                .append(view.sql()).append(" AS SELECT event_id, occurred_at");
        for (ViewColumn c : columns) {
            sql.append(", ").append(expression(c)).append(" AS ").append(c.name());
        }
        return sql.append(" FROM ").append(target.sql()).append(" WHERE event_key = ")
                .append(ViewStatements.keyLiteral(eventKey)).toString();
    }

    static String expression(ViewColumn c) {
        String x = "payload" + c.segments().stream().map(s -> " -> " + literal(s)).collect(Collectors.joining());
        String text = "(" + x + " #>> '{}')";
        return switch (c.type()) {
            case BIGINT -> "CASE WHEN jsonb_typeof(" + x + ") = 'number' AND " + text + " ~ '" + BIGINT_TEXT + "' THEN "
                    + text + "::bigint END";
            case NUMBER -> "CASE WHEN jsonb_typeof(" + x + ") = 'number' THEN " + text + "::numeric END";
            case BOOLEAN -> "CASE WHEN jsonb_typeof(" + x + ") = 'boolean' THEN " + text + "::boolean END";
            case TIMESTAMP -> "CASE WHEN jsonb_typeof(" + x + ") = 'string' AND " + text + " ~ '" + TIMESTAMP_TEXT
                    + "' THEN " + text + "::timestamptz END";
            case STRING -> "CASE WHEN jsonb_typeof(" + x + ") = 'string' THEN " + text + " END";
            case JSON -> "CASE WHEN jsonb_typeof(" + x + ") IN ('object', 'array') THEN " + x + " END";
            case TEXT -> "CASE jsonb_typeof(" + x + ") WHEN 'string' THEN " + text + " WHEN 'null' THEN NULL ELSE ("
                    + x + ")::text END";
        };
    }

    /** A standard-conforming string literal (quotes doubled; NUL never reaches the warehouse). */
    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    @Override
    public String catalogType(ViewColumnType type) {
        return switch (type) {
            case BIGINT -> "bigint";
            case NUMBER -> "numeric";
            case BOOLEAN -> "boolean";
            case TIMESTAMP -> "timestamp with time zone";
            case STRING, TEXT -> "text";
            case JSON -> "jsonb";
        };
    }

    @Override
    public String currentColumns() {
        return "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                + " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
    }

    /** CREATE OR REPLACE VIEW may only add columns after the existing ones, unchanged. */
    @Override
    public boolean canReplace(List<CatalogColumn> current, List<CatalogColumn> wanted) {
        return wanted.size() >= current.size() && wanted.subList(0, current.size()).equals(current);
    }

    @Override
    public String grants() {
        return "SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, a.privilege_type,"
                + " CASE WHEN a.grantee = 0 THEN 'public' ELSE 'role' END"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a"
                + " WHERE n.nspname = ? AND c.relname = ? AND a.grantee <> c.relowner";
    }

    @Override
    public String regrant(Grant grant, SqlIdentifier view) {
        return "GRANT " + grant.privilegeSql() + " ON " + view.sql() + " TO " + grant.granteeSql();
    }

    @Override
    public String boundWaits() {
        return "SET LOCAL lock_timeout = '10s'";
    }
}
