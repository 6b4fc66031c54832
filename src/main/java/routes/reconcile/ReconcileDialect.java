package routes.reconcile;

/**
 * The few SQL fragments that differ between warehouses. Only PostgreSQL (the local stand-in) runs today;
 * the comments of {@link PostgresReconcileDialect} say what Redshift would use.
 */
interface ReconcileDialect {

    /** Statements run once on the connection before the queries (session time zone). */
    String sessionSetup();

    /** The payload as comparable JSON with one ignored path removed per bound {@code ?}. */
    String normalizedPayload(String payloadColumn, int ignoredPaths);

    /** A text digest of a {@link #normalizedPayload normalized payload}: equal for equal JSON. */
    String payloadHash(String normalized);

    /** {@code loaded - occurred} in milliseconds, as a number. */
    String latencyMillis(String loadedAt, String occurredAt);

    /**
     * The field paths (top level, and one level down where both values are objects) in which the JSON
     * values {@code a} and {@code b} of the relation {@code source(id, k, hr, a, b)} differ, as a
     * CTE list (after a comma, no leading WITH) whose last entry is {@code diffs(id, k, hr, path)}.
     */
    String differingPaths(String source);
}
