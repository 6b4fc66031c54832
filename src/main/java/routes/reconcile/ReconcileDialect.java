package routes.reconcile;

import java.util.List;

/**
 * The SQL fragments that differ between warehouses: {@link PostgresReconcileDialect} ({@code jsonb}) and
 * {@link RedshiftReconcileDialect} ({@code SUPER}). Everything else in {@link ReconcileQueries} is SQL both run.
 */
interface ReconcileDialect {

    /** Statements run once on the connection before the queries (session time zone and the like). */
    List<String> sessionSetup();

    /**
     * The payload column of {@code table} as comparable JSON with the ignored paths taken out, and the
     * values bound to its {@code ?}, in order.
     */
    BoundQuery normalizedPayload(TableMapping table, IgnoredPaths ignored);

    /**
     * A text digest of a {@link #normalizedPayload normalized payload}, or NULL when there is none. Equal
     * digests mean equal JSON; a differing or NULL digest only makes the id a candidate for
     * {@link #payloadsDiffer}.
     */
    String payloadHash(String normalized);

    /** A condition true when two normalized payloads differ (either one NULL counts as differing). */
    String payloadsDiffer(String a, String b);

    /** {@code loaded - occurred} in milliseconds, as a number. */
    String latencyMillis(String loadedAt, String occurredAt);

    /**
     * The field paths (top level, and one level down where both values are objects) in which the JSON
     * values {@code a} and {@code b} of the relation {@code source(id, k, hr, a, b)} differ, as a
     * CTE list (after a comma, no leading WITH) whose last entry is {@code diffs(id, k, hr, path)}.
     */
    String differingPaths(String source);
}
