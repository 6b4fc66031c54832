package routes.fields;

import java.util.ArrayDeque;
import java.util.List;

/**
 * What the status page shows of field drift: the newest field changes this process was told of (bounded, newest
 * first) and the number of paths not seen for longer than the setting, as last counted by {@link QuietPathsWatch}
 * (null before the first count, and in a process without the loader role).
 */
public final class RecentFieldChanges {

    /** How many changes the page lists. */
    public static final int KEEP = 20;

    private final ArrayDeque<FieldChange> changes = new ArrayDeque<>();
    private volatile Long quietPaths;

    void add(List<FieldChange> committed) {
        synchronized (changes) {
            committed.forEach(changes::addFirst);
            while (changes.size() > KEEP) {
                changes.removeLast();
            }
        }
    }

    /** Newest first. */
    public List<FieldChange> changes() {
        synchronized (changes) {
            return List.copyOf(changes);
        }
    }

    void quietPaths(long count) {
        quietPaths = count;
    }

    public Long quietPaths() {
        return quietPaths;
    }
}
