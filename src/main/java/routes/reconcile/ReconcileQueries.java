package routes.reconcile;

import routes.contract.Warehouse;
import routes.contract.SqlIdentifier;

import java.util.List;

/**
 * Every SQL statement of a reconciliation. Text comes only from {@link TableMapping} (validated identifiers)
 * and the dialect; the window, the key pattern, the ignored paths and the sample size are bound values.
 * Each side is first narrowed to the window as {@code (id, k, o, ld[, p])}: id, event key, occurred_at,
 * load time and the normalized payload. All aggregation happens in the warehouse; every result is bounded
 * by keys × hours, minutes of the window, or the sample size, never by the row count.
 */
public final class ReconcileQueries {

    private final ReconcileOptions options;
    private final ReconcileDialect dialect;

    public ReconcileQueries(ReconcileOptions options, ReconcileDialect dialect) {
        this.options = options;
        this.dialect = dialect;
    }

    public static ReconcileQueries postgres(ReconcileOptions options) {
        return new ReconcileQueries(options, new PostgresReconcileDialect());
    }

    public static ReconcileQueries redshift(ReconcileOptions options) {
        return new ReconcileQueries(options, new RedshiftReconcileDialect());
    }

    /** The queries for the configured warehouse. */
    public static ReconcileQueries forWarehouse(Warehouse warehouse, ReconcileOptions options) {
        return warehouse.pick(() -> postgres(options), () -> redshift(options));
    }

    List<String> sessionSetup() {
        return dialect.sessionSetup();
    }

    /** Per event key and hour: rows and distinct ids on each side → (k, hr, new_rows, new_ids, legacy_rows, legacy_ids). */
    public BoundQuery countsPerKeyHour() {
        BoundQuery.Builder q = new BoundQuery.Builder().sql("SELECT k, hr, sum(nr), sum(nd), sum(lr), sum(ldi) FROM (");
        q.sql("SELECT k, date_trunc('hour', o) AS hr, count(*) AS nr, count(DISTINCT id) AS nd, 0 AS lr, 0 AS ldi FROM (");
        side(q, options.newTable(), false).sql(") s GROUP BY k, date_trunc('hour', o) UNION ALL ");
        q.sql("SELECT k, date_trunc('hour', o), 0, 0, count(*), count(DISTINCT id) FROM (");
        side(q, options.legacyTable(), false).sql(") s GROUP BY k, date_trunc('hour', o)");
        return q.sql(") x GROUP BY k, hr ORDER BY hr, k").build();
    }

    /**
     * Per event key and hour, over distinct ids: only in new, only in legacy, and in both with differing
     * payload hashes (candidates for {@link #contentDifferences}) → (k, hr, new_only, legacy_only, hash_differs).
     */
    public BoundQuery idsPerKeyHour() {
        BoundQuery.Builder q = new BoundQuery.Builder().sql("WITH ");
        hashedIds(q, "n", options.newTable()).sql(", ");
        hashedIds(q, "l", options.legacyTable());
        return q.sql(" SELECT coalesce(n.k, l.k) AS k, date_trunc('hour', coalesce(n.o, l.o)) AS hr,"
                        + " sum(CASE WHEN l.id IS NULL THEN 1 ELSE 0 END),"
                        + " sum(CASE WHEN n.id IS NULL THEN 1 ELSE 0 END),"
                        // a NULL digest (no digest possible) makes a candidate too
                        + " sum(CASE WHEN n.id IS NOT NULL AND l.id IS NOT NULL AND NOT coalesce(n.h = l.h, false) THEN 1 ELSE 0 END)"
                        + " FROM n FULL OUTER JOIN l ON n.id = l.id"
                        + " GROUP BY coalesce(n.k, l.k), date_trunc('hour', coalesce(n.o, l.o)) ORDER BY hr, k")
                .build();
    }

    /**
     * {@code LIMIT n} written inline: the sample size is an int validated by {@link ReconcileOptions} (0–10,000), and
     * Redshift does not take a bound {@code LIMIT}, least of all inside a subquery (docs/redshift.md, §4.8).
     */
    private String sampleLimit() {
        return " LIMIT " + Integer.toString(options.sampleSize());
    }

    /** Up to sample-size ids in {@code present} but not in {@code absent}, by id → (id, k, o). */
    public BoundQuery onlyIn(boolean inNew) {
        TableMapping present = inNew ? options.newTable() : options.legacyTable();
        TableMapping absent = inNew ? options.legacyTable() : options.newTable();
        BoundQuery.Builder q = new BoundQuery.Builder().sql("WITH a AS (SELECT id, min(k) AS k, min(o) AS o FROM (");
        side(q, present, false).sql(") s GROUP BY id), b AS (SELECT DISTINCT id FROM (");
        side(q, absent, false).sql(") s)");
        return q.sql(" SELECT a.id, a.k, a.o FROM a LEFT JOIN b ON a.id = b.id WHERE b.id IS NULL ORDER BY a.id"
                + sampleLimit()).build();
    }

    /** Ids with more than one row on one side: sample by id with totals → (id, rows, dup_ids, dup_rows). */
    public BoundQuery duplicates(boolean inNew) {
        BoundQuery.Builder q = new BoundQuery.Builder().sql("SELECT id, count(*) AS c, count(*) OVER (),"
                + " sum(count(*)) OVER () FROM (");
        side(q, inNew ? options.newTable() : options.legacyTable(), false);
        return q.sql(") s GROUP BY id HAVING count(*) > 1 ORDER BY id" + sampleLimit()).build();
    }

    /**
     * For ids on both sides whose payload hashes differ, the differing field paths. One result, three kinds
     * of rows → (kind, k, hr, path, n, id): {@code path} rows count ids per (k, hr, path); {@code hour} rows
     * count differing ids per (k, hr); {@code sample} rows list the paths of the first sample-size ids.
     */
    public BoundQuery contentDifferences() {
        BoundQuery.Builder q = new BoundQuery.Builder().sql("WITH ");
        firstRowPerId(q, "n", options.newTable()).sql(", ");
        firstRowPerId(q, "l", options.legacyTable());
        q.sql(", pairs AS (SELECT n.id, n.k, date_trunc('hour', n.o) AS hr, n.p AS a, l.p AS b"
                + " FROM n JOIN l ON n.id = l.id WHERE " + dialect.payloadsDiffer("n.p", "l.p") + "), ");
        q.sql(dialect.differingPaths("pairs"));
        return q.sql(" SELECT 'path', k, hr, path, count(*), CAST(NULL AS varchar) FROM diffs GROUP BY k, hr, path"
                        + " UNION ALL SELECT 'hour', k, hr, CAST(NULL AS varchar), count(DISTINCT id), CAST(NULL AS varchar)"
                        + " FROM diffs GROUP BY k, hr")
                .sql(" UNION ALL SELECT 'sample', k, hr, path, 1, id FROM diffs WHERE id IN"
                        + " (SELECT id FROM diffs GROUP BY id ORDER BY id" + sampleLimit() + ")")
                .sql(" ORDER BY 1, 3, 2, 4, 6").build();
    }

    /** Load latency percentiles per side and hour of occurred_at, in ms → (side, hr, rows, p50, p95, p99, max). */
    public BoundQuery latencyPerHour() {
        String lat = dialect.latencyMillis("ld", "o");
        BoundQuery.Builder q = new BoundQuery.Builder().sql("SELECT side, hr, count(*),"
                + " percentile_cont(0.5) WITHIN GROUP (ORDER BY lat), percentile_cont(0.95) WITHIN GROUP (ORDER BY lat),"
                + " percentile_cont(0.99) WITHIN GROUP (ORDER BY lat), max(lat) FROM (");
        q.sql("SELECT 'new' AS side, date_trunc('hour', o) AS hr, " + lat + " AS lat FROM (");
        side(q, options.newTable(), false).sql(") s UNION ALL SELECT 'legacy', date_trunc('hour', o), " + lat + " FROM (");
        side(q, options.legacyTable(), false).sql(") s");
        return q.sql(") x GROUP BY side, hr ORDER BY hr, side").build();
    }

    /** Rows of the window loaded per minute of load time on each side → (minute, new_rows, legacy_rows). */
    public BoundQuery loadedPerMinute() {
        BoundQuery.Builder q = new BoundQuery.Builder().sql("SELECT mi, sum(nr), sum(lr) FROM (");
        q.sql("SELECT date_trunc('minute', ld) AS mi, count(*) AS nr, 0 AS lr FROM (");
        side(q, options.newTable(), false).sql(") s GROUP BY date_trunc('minute', ld) UNION ALL ");
        q.sql("SELECT date_trunc('minute', ld), 0, count(*) FROM (");
        side(q, options.legacyTable(), false).sql(") s GROUP BY date_trunc('minute', ld)");
        return q.sql(") x GROUP BY mi ORDER BY mi").build();
    }

    /** One row per id: {@code name(id, k, o, h)} with the payload hash (the first of duplicates by hash). */
    private BoundQuery.Builder hashedIds(BoundQuery.Builder q, String name, TableMapping t) {
        q.sql(name + " AS (SELECT id, min(k) AS k, min(o) AS o, min(" + dialect.payloadHash("p") + ") AS h FROM (");
        return side(q, t, true).sql(") s GROUP BY id)");
    }

    /** One row per id: {@code name(id, k, o, p)}, the first loaded row of duplicates. */
    private BoundQuery.Builder firstRowPerId(BoundQuery.Builder q, String name, TableMapping t) {
        q.sql(name + " AS (SELECT id, k, o, p FROM (SELECT id, k, o, p, row_number() OVER"
                + " (PARTITION BY id ORDER BY ld) AS rn FROM (");
        return side(q, t, true).sql(") s) r WHERE rn = 1)");
    }

    /** The rows of one table in the window (and key pattern) as (id, k, o, ld[, p]). */
    private BoundQuery.Builder side(BoundQuery.Builder q, TableMapping t, boolean withPayload) {
        SqlIdentifier table = t.table();
        q.sql("SELECT " + t.id() + " AS id, " + t.key() + " AS k, " + t.occurredAt() + " AS o, " + t.loadedAt() + " AS ld");
        if (withPayload) {
            BoundQuery payload = dialect.normalizedPayload(t, options.ignorePaths());
            q.bind(", " + payload.sql() + " AS p", payload.parameters().toArray());
        }
        q.sql(" FROM " + table.sql() + " WHERE (");
        String or = "";
        for (TimeWindow.Range range : options.window().ranges()) {
            q.bind(or + "(" + t.occurredAt() + " >= ? AND " + t.occurredAt() + " < ?)", range.from(), range.to());
            or = " OR ";
        }
        q.sql(")");
        if (!options.keyPattern().matchesAll()) {
            q.bind(" AND " + t.key() + " LIKE ?", options.keyPattern().like());
        }
        return q;
    }
}
