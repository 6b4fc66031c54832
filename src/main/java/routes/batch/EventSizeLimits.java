package routes.batch;

/**
 * Size and shape limits an event must meet before it is admitted.
 *
 * @param maxBytes largest accepted record value in bytes (contract: {@code pipeline.event.max-bytes}, default 1 MiB)
 * @param maxDepth deepest accepted nesting of objects and arrays; the top-level object is depth 1 (default 64)
 */
public record EventSizeLimits(int maxBytes, int maxDepth) {

    public static final int DEFAULT_MAX_BYTES = 1_048_576;
    public static final int DEFAULT_MAX_DEPTH = 64;

    public EventSizeLimits {
        if (maxBytes < 2) {
            throw new IllegalArgumentException("maxBytes must be at least 2 (the size of {}), was " + maxBytes);
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, was " + maxDepth);
        }
    }

    public static EventSizeLimits defaults() {
        return new EventSizeLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH);
    }
}
