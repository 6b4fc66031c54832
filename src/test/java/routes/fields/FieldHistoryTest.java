package routes.fields;

import org.junit.jupiter.api.Test;
import routes.contract.FieldType;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FieldHistoryTest {

    private static final Instant QUIET_SINCE = Instant.parse("2026-12-01T00:00:00Z");

    private static FieldHistoryRow row(String key, String path, FieldType type, String first, String last, long events) {
        return new FieldHistoryRow(key, path, type, Instant.parse(first), Instant.parse(last), events);
    }

    private final FieldHistory history = new FieldHistory(List.of(
            row("payroll.run", "amount", FieldType.DECIMAL, "2026-12-05T10:00:00Z", "2026-12-07T10:00:00Z", 40),
            row("payroll.run", "amount", FieldType.STRING, "2026-11-01T10:00:00Z", "2026-12-05T09:00:00Z", 100),
            row("payroll.run", "memo", FieldType.STRING, "2026-11-02T10:00:00Z", "2026-11-20T10:00:00Z", 7),
            row("payroll.run", "worker.id", FieldType.INTEGER, "2026-11-01T10:00:00Z", "2026-12-07T10:00:00Z", 140)), QUIET_SINCE);

    @Test
    void aPathsFirstRowIsANewPathEachLaterTypeANewTypeAndAQuietPathIsNotSeenAllInTimeOrder() {
        assertThat(history.changes(null)).containsExactly(
                new FieldChange("payroll.run", "amount", FieldType.STRING, FieldChange.Kind.NEW_PATH, Instant.parse("2026-11-01T10:00:00Z")),
                new FieldChange("payroll.run", "worker.id", FieldType.INTEGER, FieldChange.Kind.NEW_PATH, Instant.parse("2026-11-01T10:00:00Z")),
                new FieldChange("payroll.run", "memo", FieldType.STRING, FieldChange.Kind.NEW_PATH, Instant.parse("2026-11-02T10:00:00Z")),
                new FieldChange("payroll.run", "memo", FieldType.STRING, FieldChange.Kind.NOT_SEEN, Instant.parse("2026-11-20T10:00:00Z")),
                new FieldChange("payroll.run", "amount", FieldType.DECIMAL, FieldChange.Kind.NEW_TYPE, Instant.parse("2026-12-05T10:00:00Z")));
    }

    @Test
    void sinceKeepsOnlyTheChangesAtOrAfterIt() {
        assertThat(history.changes(Instant.parse("2026-11-20T10:00:00Z"))).extracting(FieldChange::kind)
                .containsExactly(FieldChange.Kind.NOT_SEEN, FieldChange.Kind.NEW_TYPE);
    }

    @Test
    void aFieldListsItsTypesOldestFirstWithFirstAndLastSeenAndEventsOverAllTypes() {
        List<FieldHistory.Field> fields = history.fields(null);

        assertThat(fields).extracting(FieldHistory.Field::path).containsExactly("amount", "memo", "worker.id");
        FieldHistory.Field amount = fields.get(0);
        assertThat(amount.types()).containsExactly(FieldType.STRING, FieldType.DECIMAL);
        assertThat(amount.firstSeen()).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
        assertThat(amount.lastSeen()).isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));
        assertThat(amount.eventsSeen()).isEqualTo(140);
        assertThat(amount.quiet()).isFalse();
        assertThat(fields.get(1).quiet()).as("memo, last seen before the quiet boundary").isTrue();
    }

    @Test
    void sinceLeavesOutTheFieldsLastSeenBeforeIt() {
        assertThat(history.fields(Instant.parse("2026-12-01T00:00:00Z"))).extracting(FieldHistory.Field::path)
                .containsExactly("amount", "worker.id");
    }
}
