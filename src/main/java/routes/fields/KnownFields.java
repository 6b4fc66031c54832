package routes.fields;

import routes.contract.FieldType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a target's field history held for the load's keys before the load wrote it, and so which of the load's counts
 * are changes: a path it never had (NEW_PATH) or a type a known path never had (NEW_TYPE). One rule for both dialects.
 */
public final class KnownFields {

    private final Set<List<Object>> typed = new HashSet<>();
    private final Set<List<String>> paths = new HashSet<>();

    public void add(String eventKey, String path, FieldType type) {
        typed.add(List.of(eventKey, path, type));
        paths.add(List.of(eventKey, path));
    }

    public boolean has(FieldCount c) {
        return typed.contains(List.of(c.eventKey(), c.path(), c.type()));
    }

    /** The changes {@code counts} bring, at {@code at} (the load transaction's time, their first_seen). */
    public List<FieldChange> changes(List<FieldCount> counts, Instant at) {
        List<FieldChange> changes = new ArrayList<>();
        for (FieldCount c : counts) {
            if (has(c)) {
                continue;
            }
            boolean knownPath = paths.contains(List.of(c.eventKey(), c.path()));
            changes.add(new FieldChange(c.eventKey(), c.path(), c.type(),
                    knownPath ? FieldChange.Kind.NEW_TYPE : FieldChange.Kind.NEW_PATH, at));
        }
        return changes;
    }
}
