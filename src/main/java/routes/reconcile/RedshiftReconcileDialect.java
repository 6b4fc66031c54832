package routes.reconcile;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Amazon Redshift: payloads compare as {@code SUPER} values, structurally, inside the warehouse. Every Redshift
 * reconcile fragment is here; each behaviour relied on is in the AWS Database Developer Guide:
 * <ul>
 * <li>Equality of two SUPER objects or arrays is a deep comparison of all attributes, and integers, decimals
 *     (of any scale) and floats compare as numbers — so {@code 123} equals {@code 123.0}:
 *     https://docs.aws.amazon.com/redshift/latest/dg/query-super.html (dynamic typing). Key order is not
 *     mentioned there; deep attribute comparison is what we rely on for it.</li>
 * <li>{@code JSON_SERIALIZE} keeps no canonical key order and fails past the VARCHAR limit (65535 bytes):
 *     https://docs.aws.amazon.com/redshift/latest/dg/JSON_SERIALIZE.html,
 *     https://docs.aws.amazon.com/redshift/latest/dg/r_Character_types.html. {@code JSON_SIZE} gives the
 *     serialized size without that failure: https://docs.aws.amazon.com/redshift/latest/dg/r_json_size.html.
 *     So {@code MD5} of the text (https://docs.aws.amazon.com/redshift/latest/dg/r_MD5.html) is only a
 *     candidate filter, and NULL past the limit; equality of SUPER values decides.</li>
 * <li>VARCHAR JSON is parsed with {@code JSON_PARSE}, which raises an error on invalid JSON and on duplicate
 *     keys (https://docs.aws.amazon.com/redshift/latest/dg/JSON_PARSE.html,
 *     https://docs.aws.amazon.com/redshift/latest/dg/super-configurations.html); {@code CAN_JSON_PARSE}
 *     guards it (https://docs.aws.amazon.com/redshift/latest/dg/CAN_JSON_PARSE.html), so an invalid row
 *     becomes NULL — a content difference — instead of failing the run.</li>
 * <li>Ignored paths: {@code OBJECT_TRANSFORM} can only KEEP or SET paths, given as constant literals, and
 *     returns a non-object unchanged (https://docs.aws.amazon.com/redshift/latest/dg/r_object_transform_function.html).
 *     Both sides SET each ignored path to the same constant, which makes it equal whether present or not.</li>
 * <li>Field paths: {@code UNPIVOT … AS v AT f} iterates an object's attributes, {@code IS_OBJECT} is false for
 *     NULL (https://docs.aws.amazon.com/redshift/latest/dg/query-super.html); SUPER cannot take part in RIGHT
 *     or FULL OUTER joins (https://docs.aws.amazon.com/redshift/latest/dg/limitations-super.html), so both
 *     sides are LEFT-joined.</li>
 * <li>Attribute names: case-insensitive unless {@code enable_case_sensitive_super_attribute} is on
 *     (https://docs.aws.amazon.com/redshift/latest/dg/r_enable_case_sensitive_super_attribute.html).</li>
 * <li>Latency: {@code DATEDIFF(ms, occurred, loaded)} counts millisecond boundaries crossed
 *     (https://docs.aws.amazon.com/redshift/latest/dg/r_DATEDIFF_function.html).</li>
 * </ul>
 */
final class RedshiftReconcileDialect implements ReconcileDialect {

    /** What an ignored path is set to on both sides; any constant would do. */
    static final String IGNORED = "'(ignored)'";

    /** Widest field path the report keeps; Redshift sizes sort and hash buffers by declared width. */
    private static final String PATH_TYPE = "VARCHAR(1024)";

    @Override
    public List<String> sessionSetup() {
        // UTC: DATE_TRUNC and DATEDIFF see timestamptz in the session zone; exact attribute names: a field
        // "Id" is not the field "id".
        return List.of("SET timezone TO 'UTC'", "SET enable_case_sensitive_super_attribute TO true");
    }

    @Override
    public BoundQuery normalizedPayload(TableMapping table, IgnoredPaths ignored) {
        String column = table.payload();
        String json = switch (table.payloadType()) {
            case SUPER -> column;
            case VARCHAR -> "CASE WHEN CAN_JSON_PARSE(" + column + ") THEN JSON_PARSE(" + column + ") END";
        };
        if (ignored.paths().isEmpty()) {
            return new BoundQuery("(" + json + ")", List.of());
        }
        // OBJECT_TRANSFORM takes paths only as constant literals, never as parameters. IgnoredPaths admits
        // [A-Za-z0-9_@$-] only, so a part can contain neither quote nor '?'.
        String set = ignored.paths().stream().map(p -> pathLiteral(p) + ", " + IGNORED).collect(Collectors.joining(", "));
        return new BoundQuery("OBJECT_TRANSFORM(" + json + " SET " + set + ")", List.of());
    }

    /** {@code data.note} → {@code '"data"."note"'}. */
    static String pathLiteral(String path) {
        return "'" + List.of(path.split("\\.")).stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(".")) + "'";
    }

    @Override
    public String payloadHash(String normalized) {
        // Key order and number text are as each side wrote them, so equal JSON can hash differently: a
        // differing hash is only a candidate. Past 65535 bytes JSON_SERIALIZE would fail the whole query.
        return "CASE WHEN JSON_SIZE(" + normalized + ") <= 65535 THEN MD5(JSON_SERIALIZE(" + normalized + ")) END";
    }

    @Override
    public String payloadsDiffer(String a, String b) {
        return "NOT (" + a + " IS NOT NULL AND " + b + " IS NOT NULL AND coalesce(" + a + " = " + b + ", false))";
    }

    @Override
    public String latencyMillis(String loadedAt, String occurredAt) {
        return "DATEDIFF(ms, " + occurredAt + ", " + loadedAt + ")";
    }

    @Override
    public String differingPaths(String source) {
        return "whole AS (SELECT id, k, hr, CAST(CASE WHEN a IS NULL OR b IS NULL"
                + " THEN '(payload missing or not valid JSON)' ELSE '(payload not an object)' END AS " + PATH_TYPE + ") AS path"
                + " FROM " + source + " WHERE NOT (IS_OBJECT(a) AND IS_OBJECT(b))),"
                + " objects AS (SELECT id, k, hr, a, b FROM " + source + " WHERE IS_OBJECT(a) AND IS_OBJECT(b)),"
                + " ta AS (SELECT o.id, o.k, o.hr, CAST(f AS " + PATH_TYPE + ") AS f, v FROM objects o, UNPIVOT o.a AS v AT f),"
                + " tb AS (SELECT o.id, o.k, o.hr, CAST(f AS " + PATH_TYPE + ") AS f, v FROM objects o, UNPIVOT o.b AS v AT f),"
                + " fields AS (" + sideBySide("ta", "tb", "id, k, hr, f", "x.id = y.id AND x.f = y.f", "f") + "),"
                + " nested_pairs AS (SELECT id, k, hr, f, av, bv FROM fields WHERE IS_OBJECT(av) AND IS_OBJECT(bv)),"
                + " na AS (SELECT t.id, t.k, t.hr, t.f, CAST(g AS " + PATH_TYPE + ") AS g, v FROM nested_pairs t, UNPIVOT t.av AS v AT g),"
                + " nb AS (SELECT t.id, t.k, t.hr, t.f, CAST(g AS " + PATH_TYPE + ") AS g, v FROM nested_pairs t, UNPIVOT t.bv AS v AT g),"
                + " inner_diffs AS (" + sideBySide("na", "nb", "id, k, hr, f, g", "x.id = y.id AND x.f = y.f AND x.g = y.g", "g") + "),"
                + " diffs AS (SELECT id, k, hr, path FROM whole"
                + " UNION ALL SELECT id, k, hr, f FROM fields WHERE NOT (IS_OBJECT(av) AND IS_OBJECT(bv))"
                + " UNION ALL SELECT id, k, hr, CAST(f || '.' || g AS " + PATH_TYPE + ") FROM inner_diffs)";
    }

    /**
     * The attributes of {@code left} and {@code right} (same columns, plus {@code v}) that are on one side
     * only or whose values differ, as (columns, av, bv). Two LEFT joins stand in for the FULL OUTER join
     * SUPER is not allowed in.
     */
    private static String sideBySide(String left, String right, String columns, String on, String attribute) {
        String x = prefixed("x", columns);
        String y = prefixed("y", columns);
        return "SELECT " + x + ", x.v AS av, y.v AS bv FROM " + left + " x LEFT JOIN " + right + " y ON " + on
                + " WHERE y." + attribute + " IS NULL OR NOT " + sameValue("x.v", "y.v")
                + " UNION ALL SELECT " + y + ", CAST(NULL AS SUPER), y.v FROM " + right + " y LEFT JOIN " + left + " x ON " + on
                + " WHERE x." + attribute + " IS NULL";
    }

    /** Null-safe SUPER equality: a JSON null on both sides is the same value. */
    private static String sameValue(String a, String b) {
        return "((" + a + " IS NULL AND " + b + " IS NULL) OR coalesce(" + a + " = " + b + ", false))";
    }

    private static String prefixed(String alias, String columns) {
        return List.of(columns.split(", ")).stream().map(c -> alias + "." + c).collect(Collectors.joining(", "));
    }
}
