package routes.batch;

import java.util.HashSet;
import java.util.Set;

/** The field names seen in one object, to refuse duplicates; a linear scan while small (most objects are). */
final class FieldNameSet {

    private static final int SMALL = 8;

    private final String[] small = new String[SMALL];
    private int size;
    private Set<String> large;

    /** @return false when the name was already present */
    boolean add(String name) {
        if (large != null) {
            return large.add(name);
        }
        for (int i = 0; i < size; i++) {
            // Names are canonicalised by the parser, so identity usually decides before equals runs.
            if (small[i] == name || small[i].equals(name)) {
                return false;
            }
        }
        if (size < SMALL) {
            small[size++] = name;
            return true;
        }
        large = new HashSet<>(32);
        for (String s : small) {
            large.add(s);
        }
        return large.add(name);
    }
}
