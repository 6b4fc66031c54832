package routes.batch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import routes.contract.FieldPaths;
import routes.contract.FieldType;
import routes.contract.OccurredAtParser;

/**
 * Notes the leaf paths and types of one event while {@link SanitizingCopier} writes it, so that no event is parsed a
 * second time: the copier tells it each field it writes, with the type it writes (a masked or hashed field as a
 * string). Arrays are leaves (not descended); objects are descended up to {@code maxDepth} names, and an empty one or
 * one at that depth is a leaf of type object. A field whose name cannot be a path segment, or whose path would be
 * longer than {@code maxPathBytes}, is cut and counted once, with everything under it. One instance per event; not
 * thread-safe. Allocates only the nested paths' strings (a top-level path is the parser's own name string).
 */
final class FieldObserver {

    private final FieldObservationLimits limits;
    /** The path of the innermost observed object (empty at the root). */
    private final StringBuilder prefix = new StringBuilder(64);
    /** Per observed level (0 = the event's root object): prefix length, path bytes and fields seen in it. */
    private final int[] prefixLength;
    private final int[] prefixBytes;
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

    FieldObserver(FieldObservationLimits limits) {
        this.limits = limits;
        this.prefixLength = new int[limits.maxDepth() + 1];
        this.prefixBytes = new int[limits.maxDepth() + 1];
        this.children = new int[limits.maxDepth() + 1];
    }

    /** A field with a scalar value, the parser at that value (the value is written as it is). */
    void scalar(String name, JsonToken value, JsonParser p) throws IOException {
        if (quietAt < 0) {
            leaf(name, typeOf(value, p));
        }
    }

    /** A field written with {@code type}, whatever it was read as (a masked or hashed value: a string). */
    void leaf(String name, FieldType type) {
        if (quietAt >= 0) {
            return;
        }
        int bytes = pathBytes(name);
        if (bytes >= 0) {
            record(pathOf(name), type);
        }
    }

    /** A field whose value, an object or array, is copied next; {@link #close} follows once it is. */
    void open(String name, boolean array) {
        if (quietAt < 0) {
            int bytes = pathBytes(name);
            if (bytes < 0) {
                quietAt = depth;
            } else if (array || depth + 1 >= limits.maxDepth()) {
                record(pathOf(name), array ? FieldType.ARRAY : FieldType.OBJECT);
                quietAt = depth;
            } else {
                int level = depth + 1;
                prefixLength[level] = prefix.length();
                prefixBytes[level] = bytes;
                children[level] = 0;
                if (depth > 0) {
                    prefix.append(FieldPaths.SEPARATOR);
                }
                prefix.append(name);
            }
        }
        depth++;
    }

    /** The value opened last is copied. */
    void close() {
        depth--;
        if (quietAt == depth) {
            quietAt = -1;
        } else if (quietAt < 0) {
            int level = depth + 1;
            if (children[level] == 0) {
                record(prefix.toString(), FieldType.OBJECT);
            }
            prefix.setLength(prefixLength[level]);
        }
    }

    EventFields fields() {
        return new EventFields(paths, types, size, cutNames, cutPathBytes);
    }

    /** Counts the field in its object; its path's UTF-8 length, or -1 when it is cut (and counted as such). */
    private int pathBytes(String name) {
        children[depth]++;
        int nameBytes = FieldPaths.segmentBytes(name);
        if (nameBytes < 0) {
            cutNames++;
            return -1;
        }
        int bytes = depth == 0 ? nameBytes : prefixBytes[depth] + 1 + nameBytes;
        if (bytes > limits.maxPathBytes()) {
            cutPathBytes++;
            return -1;
        }
        return bytes;
    }

    private String pathOf(String name) {
        if (depth == 0) {
            return name;
        }
        int length = prefix.length();
        String path = prefix.append(FieldPaths.SEPARATOR).append(name).toString();
        prefix.setLength(length);
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
