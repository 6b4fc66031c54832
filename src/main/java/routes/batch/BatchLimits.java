package routes.batch;

/** When one event key's batch is complete by size (by age: BatchAgeDeadline). */
public record BatchLimits(int maxRecords, long maxBytes) {
    public BatchLimits {
        if (maxRecords < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("batch limits must be positive: " + maxRecords + ", " + maxBytes);
        }
    }
}
