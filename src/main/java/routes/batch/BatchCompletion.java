package routes.batch;

import java.util.Locale;

/**
 * Which trigger closed a batch, for the batch log line ({@code completed_by=}). The triggers live where Camel's
 * aggregator wants them (routes.yaml's batch-aggregator): {@link BatchIsFull} as its completion predicate (record
 * count or bytes), its completion timeout (age, each batch's own: {@link BatchAgeDeadline}), and forced completion of
 * a group or of all groups, which is how the memory budget, a partition revocation and a stop close batches early
 * (each marks the batches it forces, {@link EventBatch#closeEarly}). Camel records which of its triggers fired in the exchange property
 * {@code CamelAggregatedCompletedBy}; this names it in the pipeline's terms.
 */
public enum BatchCompletion {
    /** pipeline.batch.max-records reached. */
    RECORDS,
    /** pipeline.batch.max-bytes reached. */
    BYTES,
    /** Due by age: pipeline.batch.max-age-ms after its first event, on its key's tick ({@link BatchAgeDeadline}). */
    AGE,
    /** Closed early: the open batches outgrew pipeline.batch.memory-budget-bytes (BatchMemoryBudget). */
    MEMORY_BUDGET,
    /** Closed early: the consumer's partitions were revoked (a rebalance). */
    REVOKE,
    /** Closed early: the pipeline is stopping. */
    STOP,
    /** Closed early by a forced completion no pipeline trigger asked for (e.g. from JMX). */
    FORCED,
    /** A trigger this pipeline does not configure (the routes file was edited). */
    OTHER;

    /** From Camel's {@code CamelAggregatedCompletedBy} value and the batch it closed. */
    public static BatchCompletion of(String camelCompletedBy, EventBatch batch) {
        if (camelCompletedBy == null) {
            return OTHER;
        }
        return switch (camelCompletedBy) {
            case "predicate" -> batch.recordLimitReached() ? RECORDS : BYTES;
            case "interval", "timeout" -> AGE;
            case "force" -> batch.closedEarlyBy() != null ? batch.closedEarlyBy() : FORCED;
            default -> OTHER;
        };
    }

    /**
     * As it appears in logs: {@code records}, {@code bytes}, {@code age}, {@code memory_budget}, {@code revoke},
     * {@code stop}, {@code forced}, {@code other}.
     */
    public String logName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
