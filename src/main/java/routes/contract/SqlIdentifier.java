package routes.contract;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A table name that is safe to put into SQL text: one or two lower-case parts ({@code schema.table}),
 * each {@code [a-z_][a-z0-9_]{0,126}}, none of them a reserved word. Table names come only from
 * configuration; this class is the single gate between a configured string and SQL text, so it
 * refuses instead of quoting or escaping.
 */
public final class SqlIdentifier {

    private static final Pattern PART = Pattern.compile("[a-z_][a-z0-9_]{0,126}");

    /** Reserved words of PostgreSQL and Redshift that would change the meaning of a statement. */
    private static final Set<String> RESERVED = Set.of(
            "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "authorization", "between",
            "binary", "both", "case", "cast", "check", "collate", "column", "constraint", "create",
            "cross", "current_date", "current_time", "current_timestamp", "current_user", "default",
            "deferrable", "delete", "desc", "distinct", "do", "drop", "else", "end", "except", "false",
            "for", "foreign", "from", "full", "grant", "group", "having", "ilike", "in", "initially",
            "inner", "insert", "intersect", "into", "is", "isnull", "join", "leading", "left", "like",
            "limit", "localtime", "localtimestamp", "lock", "natural", "not", "notnull", "null", "offset",
            "on", "only", "or", "order", "outer", "overlaps", "placing", "primary", "references", "right",
            "select", "session_user", "similar", "some", "sysdate", "table", "then", "to", "trailing",
            "true", "truncate", "union", "unique", "update", "user", "using", "values", "verbose", "when",
            "where", "with");

    private final String schema;
    private final String name;

    private SqlIdentifier(String schema, String name) {
        this.schema = schema;
        this.name = name;
    }

    /**
     * Parses {@code table} or {@code schema.table}; a bare table name gets the schema {@code public}.
     *
     * @throws IllegalArgumentException with the rule that was broken (the value is not echoed)
     */
    public static SqlIdentifier of(String qualifiedName) {
        String reason = problem(qualifiedName);
        if (reason != null) {
            throw new IllegalArgumentException("invalid table identifier: " + reason);
        }
        int dot = qualifiedName.indexOf('.');
        return dot < 0 ? new SqlIdentifier("public", qualifiedName)
                : new SqlIdentifier(qualifiedName.substring(0, dot), qualifiedName.substring(dot + 1));
    }

    /** Why {@code qualifiedName} is not a valid identifier, or {@code null} when it is. */
    public static String problem(String qualifiedName) {
        if (qualifiedName == null || qualifiedName.isEmpty()) {
            return "empty";
        }
        String[] parts = qualifiedName.split("\\.", -1);
        if (parts.length > 2) {
            return "more than two parts";
        }
        for (String part : parts) {
            if (!PART.matcher(part).matches()) {
                return "each part must match [a-z_][a-z0-9_]{0,126}";
            }
            if (RESERVED.contains(part)) {
                return "reserved word";
            }
        }
        return null;
    }

    public static boolean isValid(String qualifiedName) {
        return problem(qualifiedName) == null;
    }

    public String schema() {
        return schema;
    }

    public String name() {
        return name;
    }

    /** {@code schema.table}, ready to be placed into SQL text. */
    public String sql() {
        return schema + "." + name;
    }

    @Override
    public String toString() {
        return sql();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SqlIdentifier other && other.sql().equals(sql());
    }

    @Override
    public int hashCode() {
        return sql().hashCode();
    }
}
