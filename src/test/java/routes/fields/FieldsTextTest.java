package routes.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import routes.contract.FieldType;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FieldsTextTest {

    private static final List<FieldChange> CHANGES = List.of(
            new FieldChange("payroll.run", "amount", FieldType.STRING, FieldChange.Kind.NEW_PATH, Instant.parse("2026-11-01T10:00:00.123Z")),
            new FieldChange("payroll.run.completed", "worker.id", FieldType.INTEGER, FieldChange.Kind.NOT_SEEN, Instant.parse("2026-11-20T10:00:00Z")));

    @Test
    void changesAreATableOfAlignedColumnsWithTimesToTheSecond() {
        assertThat(FieldsText.changes(CHANGES)).containsExactly(
                "AT                    EVENT KEY              PATH       TYPE     CHANGE",
                "2026-11-01T10:00:00Z  payroll.run            amount     string   new path",
                "2026-11-20T10:00:00Z  payroll.run.completed  worker.id  integer  not seen");
    }

    @Test
    void fieldsShowTheirTypesEventsRightAlignedAndTheQuietMark() {
        List<FieldHistory.Field> fields = List.of(
                new FieldHistory.Field("payroll.run", "amount", List.of(FieldType.STRING, FieldType.DECIMAL),
                        Instant.parse("2026-11-01T10:00:00Z"), Instant.parse("2026-12-07T10:00:00Z"), 12_345, false),
                new FieldHistory.Field("payroll.run", "memo", List.of(FieldType.STRING),
                        Instant.parse("2026-11-02T10:00:00Z"), Instant.parse("2026-11-20T10:00:00Z"), 7, true));

        assertThat(FieldsText.fields(fields)).containsExactly(
                "EVENT KEY    PATH    TYPE            FIRST SEEN            LAST SEEN             EVENTS",
                "payroll.run  amount  string,decimal  2026-11-01T10:00:00Z  2026-12-07T10:00:00Z  12,345",
                "payroll.run  memo    string          2026-11-02T10:00:00Z  2026-11-20T10:00:00Z       7  not seen since 2026-11-20T10:00:00Z");
    }

    @Test
    void aControlCharacterInAPathIsPrintedAsAQuestionMark() {
        List<String> lines = FieldsText.changes(List.of(new FieldChange("app.x", "a\u001b[2Jb", FieldType.STRING,
                FieldChange.Kind.NEW_PATH, Instant.parse("2026-11-01T10:00:00Z"))));

        assertThat(lines.get(1)).contains("a?[2Jb").doesNotContain("\u001b");
    }

    @Test
    void jsonKeepsFullPrecisionAndTheKindAsAWord() throws Exception {
        JsonNode json = new ObjectMapper().readTree(FieldsText.changesJson(CHANGES));

        assertThat(json.get(0).get("at").asText()).isEqualTo("2026-11-01T10:00:00.123Z");
        assertThat(json.get(0).get("change").asText()).isEqualTo("new_path");
        assertThat(json.get(1).get("type").asText()).isEqualTo("integer");
    }
}
