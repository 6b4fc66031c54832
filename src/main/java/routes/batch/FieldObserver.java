package routes.batch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import routes.contract.FieldType;
import routes.contract.OccurredAtParser;

/**
 * Notes the leaf paths and types of one event while {@link SanitizingCopier} writes it, so that no event is parsed a
 * second time: the copier tells it each field it writes, with the type it writes (a masked or hashed field as a
 * string). Arrays are leaves (not descended); objects are descended up to {@code maxDepth} names, and an empty one or
 * one at that depth is a leaf of type object. A field whose name cannot be a path segment, or whose path would be
 * longer than {@code maxPathBytes}, is cut and counted once, with everything under it. One instance per event; not
 * thread-safe. Paths come from the thread's {@link FieldPathCache}, so a repeated shape allocates no path string.
 */
final class FieldObserver {

    private final FieldObservationLimits limits;
    private final FieldPathCache cache;
    /** Per observed level (0 = the event's root object): its path, the path's bytes and the fields seen in it. */
    private final String[] levelPath;
    private final int[] levelBytes;
    private final int[] children;
    /** Open containers, observed or not. */
    private int depth;
    /** The {@link #depth} at which the observation went quiet (inside an array, a cut or a too-deep object), or -1. */
    private int quietAt = -1;
    private String[] paths = new String[16];
    private FieldType[] types = new FieldType[16];
    private int size;
    private int cutNames;
    private int cutPathBytes;

    FieldObserver(FieldObservationLimits limits, FieldPathCache cache) {
        this.limits = limits;
        this.cache = cache;
        this.levelPath = new String[limits.maxDepth() + 1];
        this.levelBytes = new int[limits.maxDepth() + 1];
        this.children = new int[limits.maxDepth() + 1];
        levelPath[0] = FieldPathCache.ROOT;
    }

    /** A field with a scalar value, the parser at that value (the value is written as it is). */
    void scalar(String name, JsonToken value, JsonParser p) throws IOException {
        if (quietAt < 0) {
            leaf(name, typeOf(value, p));
        }
    }

    /** A field written with {@code type}, whatever it was read as (a masked or hashed value: a string). */
    void leaf(String name, FieldType type) {
        if (quietAt < 0) {
            String path = pathOf(name);
            if (path != null) {
                record(path, type);
            }
        }
    }

    /** A field whose value, an object or array, is copied next; {@link #close} follows once it is. */
    void open(String name, boolean array) {
        if (quietAt < 0) {
            String path = pathOf(name);
            if (path == null) {
                quietAt = depth;
            } else if (array || depth + 1 >= limits.maxDepth()) {
                record(path, array ? FieldType.ARRAY : FieldType.OBJECT);
                quietAt = depth;
            } else {
                int level = depth + 1;
                levelPath[level] = path;
                levelBytes[level] = cache.lastBytes();
                children[level] = 0;
            }
        }
        depth++;
    }

    /** The value opened last is copied. */
    void close() {
        depth--;
        if (quietAt == depth) {
            quietAt = -1;
        } else if (quietAt < 0 && children[depth + 1] == 0) {
            record(levelPath[depth + 1], FieldType.OBJECT);
        }
    }

    EventFields fields() {
        return new EventFields(paths, types, size, cutNames, cutPathBytes);
    }

    /** Counts the field in its object; its path, or null when it is cut (and counted as such). */
    private String pathOf(String name) {
        children[depth]++;
        String path = cache.path(levelPath[depth], levelBytes[depth], name);
        if (path == null) {
            cutNames++;
            return null;
        }
        if (cache.lastBytes() > limits.maxPathBytes()) {
            cutPathBytes++;
            return null;
        }
        return path;
    }

    private void record(String path, FieldType type) {
        if (size == paths.length) {
            paths = Arrays.copyOf(paths, size * 2);
            types = Arrays.copyOf(types, size * 2);
        }
        paths[size] = path;
        types[size++] = type;
    }

    private static FieldType typeOf(JsonToken value, JsonParser p) throws IOException {
        return switch (value) {
            case VALUE_STRING -> OccurredAtParser.isIsoInstant(p.getTextCharacters(), p.getTextOffset(), p.getTextLength())
                    ? FieldType.TIMESTAMP : FieldType.STRING;
            case VALUE_NUMBER_INT -> FieldType.INTEGER;
            case VALUE_NUMBER_FLOAT -> FieldType.DECIMAL;
            case VALUE_TRUE, VALUE_FALSE -> FieldType.BOOLEAN;
            default -> FieldType.NULL;
        };
    }
}
