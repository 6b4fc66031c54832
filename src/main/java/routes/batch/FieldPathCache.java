package routes.batch;

import routes.contract.FieldPaths;

/**
 * The paths a polling thread has built, by parent path and field name, so that the events of a key, which repeat
 * their shape, reuse one path string each: no string built, its hash computed once, and the batch's map finds it by
 * identity. Keys are compared by identity, which works because the parser hands out one canonical string per field
 * name and the parent paths come from this cache; a miss (a collision, an uncanonical name) just builds the path
 * again. A fixed table of {@link #SIZE} slots, so what it holds is bounded (at most SIZE paths). One per thread
 * (EventAdmission's thread-local); not thread-safe.
 */
final class FieldPathCache {

    /** The parent of a top-level field. */
    static final String ROOT = new String("");
    static final int SIZE = 4096;
    private static final int MASK = SIZE - 1;

    private final String[] parents = new String[SIZE];
    private final String[] names = new String[SIZE];
    private final String[] paths = new String[SIZE];
    private final int[] bytes = new int[SIZE];
    private int last;

    /**
     * The path of field {@code name} under {@code parent} ({@link #ROOT} at the top), or null when the name cannot be
     * a path segment; {@link #lastBytes()} then tells the path's UTF-8 length.
     */
    String path(String parent, int parentBytes, String name) {
        int slot = (System.identityHashCode(parent) * 31 + System.identityHashCode(name)) & MASK;
        if (parents[slot] != parent || names[slot] != name) {
            int nameBytes = FieldPaths.segmentBytes(name);
            parents[slot] = parent;
            names[slot] = name;
            if (nameBytes < 0) {
                paths[slot] = null;
                bytes[slot] = -1;
            } else if (parent == ROOT) {
                paths[slot] = name;
                bytes[slot] = nameBytes;
            } else {
                paths[slot] = parent + FieldPaths.SEPARATOR + name;
                bytes[slot] = parentBytes + 1 + nameBytes;
            }
        }
        last = bytes[slot];
        return paths[slot];
    }

    /** The UTF-8 length of the path {@link #path} returned last. */
    int lastBytes() {
        return last;
    }
}
