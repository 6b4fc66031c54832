package routes.contract;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A table name that is safe to put into SQL text: one or two lower-case parts ({@code schema.table}),
 * each {@code [a-z_][a-z0-9_]{0,126}}, none of them a reserved word of Redshift (its whole list) or a statement
 * verb. Table and column names come only from configuration; this class is the single gate between a configured
 * string and SQL text, so it refuses instead of quoting or escaping: a quoted name would have to be quoted the same
 * way in every statement, view and analyst query that ever names it, and a name refused at start costs a rename
 * (or a view over a legacy table) once, where an unquoted reserved word fails every statement at run time.
 */
public final class SqlIdentifier {

    private static final Pattern PART = Pattern.compile("[a-z_][a-z0-9_]{0,126}");

    /**
     * Amazon Redshift's reserved words, the whole list of https://docs.aws.amazon.com/redshift/latest/dg/r_pg_keywords.html
     * (it includes PostgreSQL's reserved key words that Redshift keeps): unquoted, any of them breaks or changes a
     * statement, e.g. a schema {@code raw} or a legacy column {@code timestamp}.
     */
    static final Set<String> REDSHIFT_RESERVED = Set.of(
            "aes128", "aes256", "all", "allowoverwrite", "analyse", "analyze", "and", "any", "array", "as", "asc",
            "authorization", "az64", "backup", "between", "binary", "blanksasnull", "both", "bytedict", "bzip2",
            "case", "cast", "check", "collate", "column", "constraint", "create", "credentials", "cross",
            "current_date", "current_time", "current_timestamp", "current_user", "current_user_id", "default",
            "deferrable", "deflate", "defrag", "delta", "delta32k", "desc", "disable", "distinct", "do", "else",
            "emptyasnull", "enable", "encode", "encrypt", "encryption", "end", "except", "explicit", "false", "for",
            "foreign", "freeze", "from", "full", "globaldict256", "globaldict64k", "grant", "group", "gzip",
            "having", "identity", "ignore", "ilike", "in", "initially", "inner", "intersect", "interval", "into",
            "is", "isnull", "join", "leading", "left", "like", "limit", "localtime", "localtimestamp", "lun", "luns",
            "lzo", "lzop", "minus", "mostly16", "mostly32", "mostly8", "natural", "new", "not", "notnull", "null",
            "nulls", "off", "offline", "offset", "oid", "old", "on", "only", "open", "or", "order", "outer",
            "overlaps", "parallel", "partition", "percent", "permissions", "pivot", "placing", "primary", "raw",
            "readratio", "recover", "references", "rejectlog", "resort", "respect", "restore", "right", "select",
            "session_user", "similar", "snapshot", "some", "sysdate", "system", "table", "tag", "tdes", "text255",
            "text32k", "then", "timestamp", "to", "top", "trailing", "true", "truncatecolumns", "union", "unique",
            "unnest", "unpivot", "user", "using", "verbose", "wallet", "when", "where", "with", "without");

    /** Statement verbs refused as well, so a name never reads as one. */
    private static final Set<String> VERBS = Set.of("delete", "drop", "insert", "lock", "truncate", "update", "values");

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
            if (REDSHIFT_RESERVED.contains(part) || VERBS.contains(part)) {
                return "reserved word (Redshift's list: r_pg_keywords)";
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
