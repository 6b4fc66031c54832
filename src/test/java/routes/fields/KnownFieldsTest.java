package routes.fields;

import org.junit.jupiter.api.Test;
import routes.contract.BatchNotification;
import routes.contract.FieldType;
import routes.contract.ObservedField;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class KnownFieldsTest {

    @Test
    void aLoadsObservationsAreSummedPerKeyPathAndTypeAndOlderNotificationsAddNothing() {
        List<FieldCount> counts = FieldCount.of(List.of(
                batch("k1", List.of(new ObservedField("a", FieldType.INTEGER, 3), new ObservedField("b", FieldType.STRING, 1))),
                batch("k1", List.of(new ObservedField("a", FieldType.INTEGER, 2), new ObservedField("a", FieldType.NULL, 1))),
                batch("k2", List.of(new ObservedField("a", FieldType.INTEGER, 4))),
                batch("k3", null)));
        assertThat(counts).containsExactly(new FieldCount("k1", "a", FieldType.INTEGER, 5),
                new FieldCount("k1", "b", FieldType.STRING, 1), new FieldCount("k1", "a", FieldType.NULL, 1),
                new FieldCount("k2", "a", FieldType.INTEGER, 4));
    }

    @Test
    void aPathNeverSeenIsNewAKnownPathWithAnotherTypeIsANewTypeAKnownOneIsNoChange() {
        KnownFields known = new KnownFields();
        known.add("k", "amount", FieldType.STRING);
        known.add("k", "name", FieldType.STRING);
        Instant at = Instant.parse("2026-12-07T10:00:00Z");
        List<FieldChange> changes = known.changes(List.of(new FieldCount("k", "amount", FieldType.DECIMAL, 1),
                new FieldCount("k", "name", FieldType.STRING, 1), new FieldCount("k", "bonus", FieldType.INTEGER, 1),
                new FieldCount("other", "name", FieldType.STRING, 1)), at);
        assertThat(changes).extracting(FieldChange::eventKey, FieldChange::path, FieldChange::type, FieldChange::kind,
                FieldChange::at).containsExactly(
                tuple("k", "amount", FieldType.DECIMAL, FieldChange.Kind.NEW_TYPE, at),
                tuple("k", "bonus", FieldType.INTEGER, FieldChange.Kind.NEW_PATH, at),
                tuple("other", "name", FieldType.STRING, FieldChange.Kind.NEW_PATH, at));
    }

    private static BatchNotification batch(String key, List<ObservedField> fields) {
        return new BatchNotification("b-" + key + System.nanoTime(), key, "public.events", "bkt", "k", 1, 1, "s",
                "2026-12-07T10:00:00Z", "2026-12-07T10:00:00Z", List.of(), "2026-12-07T10:00:00Z", null, null,
                fields, fields == null ? null : 0L);
    }
}
