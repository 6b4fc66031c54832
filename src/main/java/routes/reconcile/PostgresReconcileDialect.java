package routes.reconcile;

import java.util.List;

/**
 * PostgreSQL: {@code jsonb} is the normal form (key order, whitespace and number formatting do not survive
 * the cast, and {@code jsonb} equality compares numbers by value), so payloads compare as {@code jsonb}.
 * The cast accepts text, json and jsonb, so the mapping's {@link PayloadType} does not matter here.
 */
final class PostgresReconcileDialect implements ReconcileDialect {

    @Override
    public List<String> sessionSetup() {
        return List.of("SET timezone TO 'UTC'");
    }

    @Override
    public BoundQuery normalizedPayload(TableMapping table, IgnoredPaths ignored) {
        StringBuilder sql = new StringBuilder("((").append(table.payload()).append(")::jsonb");
        for (int i = 0; i < ignored.paths().size(); i++) {
            sql.append(" #- CAST(? AS text[])");
        }
        return new BoundQuery(sql.append(")").toString(),
                ignored.paths().stream().map(IgnoredPaths::arrayLiteral).map(Object.class::cast).toList());
    }

    @Override
    public String payloadHash(String normalized) {
        // jsonb's text form is canonical for key order and whitespace; numbers keep their scale (1.0 vs 1),
        // so a differing hash is only a candidate: differingPaths decides with jsonb equality.
        return "md5((" + normalized + ")::text)";
    }

    @Override
    public String payloadsDiffer(String a, String b) {
        return payloadHash(a) + " <> " + payloadHash(b);
    }

    @Override
    public String latencyMillis(String loadedAt, String occurredAt) {
        return "(extract(epoch FROM (" + loadedAt + " - " + occurredAt + ")) * 1000)";
    }

    @Override
    public String differingPaths(String source) {
        return "top AS (SELECT s.id, s.k, s.hr, f.key AS f, s.a -> f.key AS av, s.b -> f.key AS bv FROM " + source + " s"
                + " CROSS JOIN LATERAL (SELECT jsonb_object_keys(" + asObject("s.a") + ") AS key"
                + " UNION SELECT jsonb_object_keys(" + asObject("s.b") + ")) f"
                + " WHERE (s.a -> f.key) IS DISTINCT FROM (s.b -> f.key)),"
                + " diffs AS (SELECT id, k, hr, f AS path FROM top"
                + " WHERE coalesce(jsonb_typeof(av), '') <> 'object' OR coalesce(jsonb_typeof(bv), '') <> 'object'"
                + " UNION ALL SELECT t.id, t.k, t.hr, t.f || '.' || n.key FROM top t"
                + " CROSS JOIN LATERAL (SELECT jsonb_object_keys(" + asObject("t.av") + ") AS key"
                + " UNION SELECT jsonb_object_keys(" + asObject("t.bv") + ")) n"
                + " WHERE jsonb_typeof(t.av) = 'object' AND jsonb_typeof(t.bv) = 'object'"
                + " AND (t.av -> n.key) IS DISTINCT FROM (t.bv -> n.key))";
    }

    /** jsonb_object_keys refuses scalars and arrays: they contribute no keys. */
    private static String asObject(String json) {
        return "CASE WHEN jsonb_typeof(" + json + ") = 'object' THEN " + json + " ELSE '{}'::jsonb END";
    }
}
