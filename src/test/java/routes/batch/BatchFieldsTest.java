package routes.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import routes.contract.FieldType;
import routes.contract.ObservedField;

/** A batch's field observation: counts per (path, type), its bound, and the same answer whatever the events' order. */
class BatchFieldsTest {

    @Test
    void countsEachPathAndTypeOncePerEventSortedByPathThenType() {
        BatchFields fields = new BatchFields(100);
        fields.add(event("b", FieldType.INTEGER, "a.x", FieldType.STRING));
        fields.add(event("b", FieldType.DECIMAL, "a.x", FieldType.STRING));
        fields.add(event("b", FieldType.INTEGER));

        assertThat(fields.observed()).containsExactly(
                new ObservedField("a.x", FieldType.STRING, 2),
                new ObservedField("b", FieldType.DECIMAL, 1),
                new ObservedField("b", FieldType.INTEGER, 2));
        assertThat(fields.cut()).isZero();
    }

    @Test
    void overTheBoundThePairsWithFewestNamesThenByPathAreKeptAndTheRestCounted() {
        BatchFields fields = new BatchFields(3);
        fields.add(event("items.id1.qty", FieldType.INTEGER, "items.id2.qty", FieldType.INTEGER, "z", FieldType.STRING));
        fields.add(event("items.id3.qty", FieldType.INTEGER, "user.name", FieldType.STRING, "a", FieldType.BOOLEAN));
        fields.add(event("items.id1.qty", FieldType.INTEGER, "z", FieldType.STRING));

        assertThat(fields.observed()).containsExactly(
                new ObservedField("a", FieldType.BOOLEAN, 1),
                new ObservedField("user.name", FieldType.STRING, 1),
                new ObservedField("z", FieldType.STRING, 2));
        assertThat(fields.cut(FieldCut.MAX_PATHS)).as("every observation of a pair not kept").isEqualTo(4);
        assertThat(fields.cut()).isEqualTo(4);
    }

    @Test
    void theSameEventsInAnyOrderGiveTheSameObservation() {
        List<EventFields> events = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            // dynamic keys (a map of ids) next to a fixed shape, some paths with two types
            events.add(event("order.lines.l" + random.nextInt(40) + ".qty", FieldType.INTEGER,
                    "order.id", random.nextBoolean() ? FieldType.STRING : FieldType.INTEGER,
                    "k" + random.nextInt(12), FieldType.BOOLEAN));
        }
        BatchFields inOrder = new BatchFields(20);
        events.forEach(inOrder::add);
        for (int round = 0; round < 5; round++) {
            List<EventFields> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, new Random(round));
            BatchFields other = new BatchFields(20);
            shuffled.forEach(other::add);

            assertThat(other.observed()).isEqualTo(inOrder.observed());
            assertThat(other.cut()).isEqualTo(inOrder.cut());
        }
        assertThat(inOrder.observed()).hasSize(20);
        long kept = inOrder.observed().stream().mapToLong(ObservedField::events).sum();
        assertThat(kept + inOrder.cut()).as("every observation kept or cut").isEqualTo(900);
    }

    @Test
    void theEventsCutsAddUp() {
        BatchFields fields = new BatchFields(10);
        fields.add(new EventFields(new String[] {"a"}, new FieldType[] {FieldType.NULL}, 1, 2, 1));
        fields.add(new EventFields(new String[0], new FieldType[0], 0, 1, 0));

        assertThat(fields.cut(FieldCut.NAME)).isEqualTo(3);
        assertThat(fields.cut(FieldCut.PATH_BYTES)).isEqualTo(1);
        assertThat(fields.cut()).isEqualTo(4);
    }

    @Test
    void heldMemoryStaysBoundedByThePathBound() {
        BatchFields fields = new BatchFields(50);
        for (int i = 0; i < 10_000; i++) {
            fields.add(event("p" + i, FieldType.INTEGER));
        }
        long perPath = BatchFields.PATH_ENTRY_BYTES + BatchFields.KEPT_ENTRY_BYTES + 2L * "p9999".length();
        assertThat(fields.heldBytes()).isPositive().isLessThanOrEqualTo(50 * perPath);
        assertThat(fields.observed()).hasSize(50);
        assertThat(fields.cut()).isEqualTo(10_000 - 50);
    }

    static EventFields event(Object... pathsAndTypes) {
        int n = pathsAndTypes.length / 2;
        String[] paths = new String[n];
        FieldType[] types = new FieldType[n];
        for (int i = 0; i < n; i++) {
            paths[i] = (String) pathsAndTypes[2 * i];
            types[i] = (FieldType) pathsAndTypes[2 * i + 1];
        }
        return new EventFields(paths, types, n, 0, 0);
    }
}
