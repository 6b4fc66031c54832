package routes.fields;

import routes.contract.FieldType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the rows of the field history say, for people: each key's current fields, and the changes in time order. A
 * path's first row is its {@link FieldChange.Kind#NEW_PATH}, each later row of another type a
 * {@link FieldChange.Kind#NEW_TYPE} at that row's first-seen time; a path whose newest last-seen time is before
 * {@code quietSince} is {@link FieldChange.Kind#NOT_SEEN} since then. Pure: the rows are read elsewhere.
 */
public final class FieldHistory {

    /** One path of a key: its types (oldest first), first and last seen over all of them, events counted over all. */
    public record Field(String eventKey, String path, List<FieldType> types, Instant firstSeen, Instant lastSeen,
                        long eventsSeen, boolean quiet) {
    }

    private final Map<String, List<FieldHistoryRow>> byPath = new LinkedHashMap<>();
    private final Instant quietSince;

    /**
     * @param rows       the history rows, in any order
     * @param quietSince a path last seen before this is "not seen" ({@code now - pipeline.fields.quiet-after-h})
     */
    public FieldHistory(List<FieldHistoryRow> rows, Instant quietSince) {
        this.quietSince = quietSince;
        rows.stream()
                .sorted(Comparator.comparing(FieldHistoryRow::eventKey).thenComparing(FieldHistoryRow::path)
                        .thenComparing(FieldHistoryRow::firstSeen).thenComparing(FieldHistoryRow::type))
                .forEach(r -> byPath.computeIfAbsent(r.eventKey() + '\n' + r.path(), k -> new ArrayList<>()).add(r));
    }

    /** Each path of each key, by key and path; only those seen at or after {@code since} when it is not null. */
    public List<Field> fields(Instant since) {
        List<Field> fields = new ArrayList<>();
        for (List<FieldHistoryRow> rows : byPath.values()) {
            FieldHistoryRow first = rows.get(0);
            Instant lastSeen = lastSeen(rows);
            if (since != null && lastSeen.isBefore(since)) {
                continue;
            }
            fields.add(new Field(first.eventKey(), first.path(), rows.stream().map(FieldHistoryRow::type).toList(),
                    first.firstSeen(), lastSeen, rows.stream().mapToLong(FieldHistoryRow::eventsSeen).sum(),
                    lastSeen.isBefore(quietSince)));
        }
        return fields;
    }

    /** Every change at or after {@code since} (all when null), oldest first; ties by key, path and kind. */
    public List<FieldChange> changes(Instant since) {
        List<FieldChange> changes = new ArrayList<>();
        for (List<FieldHistoryRow> rows : byPath.values()) {
            for (int i = 0; i < rows.size(); i++) {
                FieldHistoryRow r = rows.get(i);
                changes.add(new FieldChange(r.eventKey(), r.path(), r.type(),
                        i == 0 ? FieldChange.Kind.NEW_PATH : FieldChange.Kind.NEW_TYPE, r.firstSeen()));
            }
            FieldHistoryRow newest = rows.stream().max(Comparator.comparing(FieldHistoryRow::lastSeen)).orElseThrow();
            if (newest.lastSeen().isBefore(quietSince)) {
                changes.add(new FieldChange(newest.eventKey(), newest.path(), newest.type(), FieldChange.Kind.NOT_SEEN,
                        newest.lastSeen()));
            }
        }
        return changes.stream()
                .filter(c -> since == null || !c.at().isBefore(since))
                .sorted(Comparator.comparing(FieldChange::at).thenComparing(FieldChange::eventKey)
                        .thenComparing(FieldChange::path).thenComparing(FieldChange::kind))
                .toList();
    }

    private static Instant lastSeen(List<FieldHistoryRow> rows) {
        return rows.stream().map(FieldHistoryRow::lastSeen).max(Comparator.naturalOrder()).orElseThrow();
    }
}
