package routes.batch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import routes.contract.FieldPaths;
import routes.contract.FieldType;
import routes.contract.ObservedField;

/**
 * The field observation of one open batch: for each (path, type) pair, how many of the batch's events carried it
 * ({@link EventFields}, each pair once per event), bounded to {@code maxPaths} pairs. Over the bound it keeps the
 * pairs that come first in the keeping order (fewest names in the path, then path, then type) and counts the others'
 * observations as cut. Which pairs are kept and their counts depend only on the batch's events, not on the order they
 * came in: a batch rebuilt from the same records after a redelivery reports the same fields. Not thread-safe (the
 * aggregator's lock).
 */
final class BatchFields {

    /** Estimated heap per path held: map node, counts per type, the path string's header (its characters added). */
    static final int PATH_ENTRY_BYTES = 160;
    /** Estimated heap per pair in the keeping order, which exists once the bound is reached. */
    static final int KEPT_ENTRY_BYTES = 64;
    private static final FieldType[] TYPES = FieldType.values();
    private static final Comparator<ObservedField> BY_PATH_THEN_TYPE =
            Comparator.comparing(ObservedField::path).thenComparing(f -> f.type().wireName());
    private static final Comparator<Pair> KEEPING_ORDER = Comparator.comparingInt(Pair::names)
            .thenComparing(Pair::path).thenComparing(p -> p.type().wireName());

    private record Pair(String path, FieldType type, int names) {
        static Pair of(String path, FieldType type) {
            int names = 1;
            for (int i = path.indexOf(FieldPaths.SEPARATOR); i >= 0; i = path.indexOf(FieldPaths.SEPARATOR, i + 1)) {
                names++;
            }
            return new Pair(path, type, names);
        }
    }

    private final int maxPaths;
    /** Per path, the events counted per type (by ordinal); 0 = not held. */
    private final Map<String, long[]> counts = new HashMap<>();
    private int pairs;
    /** The held pairs in the keeping order, built when the bound is first reached. */
    private TreeSet<Pair> kept;
    private final Map<FieldCut, Long> cut = new EnumMap<>(FieldCut.class);
    private long heldBytes;

    BatchFields(int maxPaths) {
        if (maxPaths < 1) {
            throw new IllegalArgumentException("maxPaths must be positive, was " + maxPaths);
        }
        this.maxPaths = maxPaths;
    }

    void add(EventFields event) {
        for (int i = 0; i < event.size(); i++) {
            add(event.path(i), event.type(i));
        }
        cut(FieldCut.NAME, event.cut(FieldCut.NAME));
        cut(FieldCut.PATH_BYTES, event.cut(FieldCut.PATH_BYTES));
    }

    private void add(String path, FieldType type) {
        long[] perType = counts.get(path);
        int t = type.ordinal();
        if (perType != null && perType[t] > 0) {
            perType[t]++;
            return;
        }
        if (pairs >= maxPaths) {
            Pair pair = Pair.of(path, type);
            if (kept == null) {
                kept = keepingOrder();
            }
            Pair last = kept.last();
            if (KEEPING_ORDER.compare(pair, last) > 0) {
                cut(FieldCut.MAX_PATHS, 1);
                return;
            }
            evict(last);
            kept.add(pair);
            heldBytes += KEPT_ENTRY_BYTES;
            perType = counts.get(path); // the eviction may have dropped this path's entry
        }
        if (perType == null) {
            perType = new long[TYPES.length];
            counts.put(path, perType);
            heldBytes += PATH_ENTRY_BYTES + 2L * path.length();
        }
        perType[t] = 1;
        pairs++;
    }

    private TreeSet<Pair> keepingOrder() {
        TreeSet<Pair> order = new TreeSet<>(KEEPING_ORDER);
        counts.forEach((path, perType) -> {
            for (FieldType type : TYPES) {
                if (perType[type.ordinal()] > 0) {
                    order.add(Pair.of(path, type));
                }
            }
        });
        heldBytes += (long) KEPT_ENTRY_BYTES * order.size();
        return order;
    }

    /** Drops a held pair, counting its observations as cut. */
    private void evict(Pair pair) {
        kept.remove(pair);
        heldBytes -= KEPT_ENTRY_BYTES;
        long[] perType = counts.get(pair.path());
        cut(FieldCut.MAX_PATHS, perType[pair.type().ordinal()]);
        perType[pair.type().ordinal()] = 0;
        pairs--;
        for (long n : perType) {
            if (n > 0) {
                return;
            }
        }
        counts.remove(pair.path());
        heldBytes -= PATH_ENTRY_BYTES + 2L * pair.path().length();
    }

    private void cut(FieldCut reason, long observations) {
        if (observations > 0) {
            cut.merge(reason, observations, Long::sum);
        }
    }

    /** The held pairs with their event counts, sorted by path, then type name: the notification's {@code fields}. */
    List<ObservedField> observed() {
        List<ObservedField> fields = new ArrayList<>(pairs);
        counts.forEach((path, perType) -> {
            for (FieldType type : TYPES) {
                long events = perType[type.ordinal()];
                if (events > 0) {
                    fields.add(new ObservedField(path, type, events));
                }
            }
        });
        fields.sort(BY_PATH_THEN_TYPE);
        return fields;
    }

    /** How many (path, type) pairs {@link #observed} lists. */
    int pairs() {
        return pairs;
    }

    /** Observations left out of {@link #observed}, all bounds together: the notification's {@code fields_cut}. */
    long cut() {
        return cut.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Observations left out for one bound (the metric's tag). */
    long cut(FieldCut reason) {
        return cut.getOrDefault(reason, 0L);
    }

    /** Estimated heap held, counted in the batcher's memory budget with the batch's lines. */
    long heldBytes() {
        return heldBytes;
    }
}
