package routes.batch;

import routes.contract.FieldType;

/**
 * The leaf paths and types of one sanitized event ({@link FieldObserver}), and how many of its fields the per-event
 * bounds cut. Each path occurs once: names holding the separator are never in a path, and an object's names are
 * unique. Never a value.
 */
public final class EventFields {

    /** An event that was not observed (observation off). */
    public static final EventFields NONE = new EventFields(new String[0], new FieldType[0], 0, 0, 0);

    private final String[] paths;
    private final FieldType[] types;
    private final int size;
    private final int cutNames;
    private final int cutPathBytes;

    EventFields(String[] paths, FieldType[] types, int size, int cutNames, int cutPathBytes) {
        this.paths = paths;
        this.types = types;
        this.size = size;
        this.cutNames = cutNames;
        this.cutPathBytes = cutPathBytes;
    }

    public int size() {
        return size;
    }

    public String path(int i) {
        return paths[i];
    }

    public FieldType type(int i) {
        return types[i];
    }

    /** Fields cut for {@code reason} in this event (never {@link FieldCut#MAX_PATHS}: that one is the batch's). */
    public int cut(FieldCut reason) {
        return switch (reason) {
            case NAME -> cutNames;
            case PATH_BYTES -> cutPathBytes;
            case MAX_PATHS -> 0;
        };
    }

    @Override
    public String toString() {
        // Paths only: an event's field names, never its values.
        StringBuilder s = new StringBuilder("EventFields[");
        for (int i = 0; i < size; i++) {
            s.append(i == 0 ? "" : ", ").append(paths[i]).append(':').append(types[i].wireName());
        }
        return s.append(", cut names=").append(cutNames).append(" path_bytes=").append(cutPathBytes).append(']').toString();
    }
}
