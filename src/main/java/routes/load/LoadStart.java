package routes.load;

import java.util.Locale;

/**
 * Why a table's load started, for the load log line ({@code started_by=}). The triggers live where Camel's aggregator
 * wants them (routes.yaml's load-aggregator): {@link LoadCycleIsDue} as its completion predicate (the table is idle,
 * or the cycle is full), its completion interval (the window, a maximum wait), and forced completion of the table's
 * group by {@link LoadTurns} when the previous load of the table has ended. Camel records which of its triggers fired
 * in the exchange property {@code CamelAggregatedCompletedBy}; this names it in the pipeline's terms.
 */
public enum LoadStart {
    /** No load of the table was in flight or resting: the notification loads at once. */
    IDLE,
    /** The previous load of the table ended (committed or given up): what arrived meanwhile loads now. */
    PREVIOUS_COMMIT,
    /** pipeline.load.max-batches or pipeline.load.max-bytes reached. */
    FULL,
    /** pipeline.load.window-ms passed, the longest a notification waits. */
    WINDOW,
    /** Forced: the pipeline is stopping. */
    STOP,
    /** Forced by something else: a partition revocation (rebalance), or JMX. */
    FORCED,
    /** A trigger this pipeline does not configure (the routes file was edited). */
    OTHER;

    /**
     * From Camel's {@code CamelAggregatedCompletedBy} value and the cycle it completed; {@code byTurn} when the
     * completion was forced by {@link LoadTurns} at the end of the table's previous load.
     */
    static LoadStart of(String camelCompletedBy, LoadCycle cycle, boolean byTurn, boolean stopping) {
        if (camelCompletedBy == null) {
            return OTHER;
        }
        return switch (camelCompletedBy) {
            case "predicate" -> cycle.isFull() ? FULL : IDLE;
            case "interval", "timeout" -> WINDOW;
            case "force" -> byTurn ? PREVIOUS_COMMIT : stopping ? STOP : FORCED;
            default -> OTHER;
        };
    }

    /** As it appears in logs: {@code idle}, {@code previous_commit}, {@code full}, {@code window}, {@code stop}, … */
    public String logName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
