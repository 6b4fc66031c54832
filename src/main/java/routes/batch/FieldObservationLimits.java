package routes.batch;

import routes.contract.EventFieldsTable;

/**
 * Bounds of the field observation (docs/fields.md, "Observation in the batcher").
 *
 * @param maxPaths     distinct (path, type) pairs one batch reports; 0 turns the observation off (the notification then
 *                     carries no {@code fields}, as before version 3)
 * @param maxDepth     most field names in a path; an object at this depth is a leaf of type object
 * @param maxPathBytes longest path in UTF-8 bytes, at most what the field history stores
 */
public record FieldObservationLimits(int maxPaths, int maxDepth, int maxPathBytes) {

    public static final int DEFAULT_MAX_PATHS = 500;
    public static final int DEFAULT_MAX_DEPTH = 8;
    /** Upper end of maxPaths: 1,000 paths of 512 bytes keep a notification far below Kafka's default 1 MB message. */
    public static final int MAX_PATHS_LIMIT = 1000;
    public static final FieldObservationLimits OFF = new FieldObservationLimits(0, 1, 1);

    public FieldObservationLimits {
        if (maxPaths < 0 || maxPaths > MAX_PATHS_LIMIT) {
            throw new IllegalArgumentException("maxPaths must be 0.." + MAX_PATHS_LIMIT + ", was " + maxPaths);
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, was " + maxDepth);
        }
        if (maxPathBytes < 1 || maxPathBytes > EventFieldsTable.MAX_PATH_BYTES) {
            throw new IllegalArgumentException("maxPathBytes must be 1.." + EventFieldsTable.MAX_PATH_BYTES + ", was " + maxPathBytes);
        }
    }

    public static FieldObservationLimits defaults() {
        return new FieldObservationLimits(DEFAULT_MAX_PATHS, DEFAULT_MAX_DEPTH, EventFieldsTable.MAX_PATH_BYTES);
    }

    public boolean observing() {
        return maxPaths > 0;
    }
}
