package routes.fields;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import routes.contract.FieldType;
import routes.contract.SqlIdentifier;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ViewNamesTest {

    @ParameterizedTest(name = "key {0} -> view {1}")
    @CsvSource({
            "payroll.run.completed, payroll_run_completed",
            "Payroll:Run-Completed, payroll_run_completed",
            "2fa.enabled, v_2fa_enabled",
            "select, v_select",
            "timestamp, v_timestamp",
            "_internal, _internal",
    })
    void aKeysViewIsItsLowerCaseNameWithEveryOtherCharacterAnUnderscore(String key, String view) {
        assertThat(ViewNames.views(List.of(key))).containsEntry(key, view);
    }

    @ParameterizedTest(name = "path {0} -> column {1}")
    @CsvSource({
            "amount, amount",
            "employee.name, employee__name",
            "Employee.First Name, employee__first_name",
            "user, f_user",
            "1st, f_1st",
            "a-b, a_b",
    })
    void aPathsColumnMarksEachNestingWithTwoUnderscores(String path, String column) {
        assertThat(ViewNames.columns(List.of(path))).containsEntry(path, column);
    }

    @Test
    void collidingKeysLeaveTheNameToTheOneSeenFirstTheOthersGetADigest() {
        Map<String, String> views = ViewNames.views(List.of("a.b", "a_b", "A.B"));
        assertThat(views.get("a.b")).isEqualTo("a_b");
        assertThat(views.get("a_b")).matches("a_b_[0-9a-f]{8}");
        assertThat(views.get("A.B")).matches("a_b_[0-9a-f]{8}").isNotEqualTo(views.get("a_b"));
        assertThat(ViewNames.views(List.of("a.b", "a_b"))).as("the same for every instance").isEqualTo(
                ViewNames.views(List.of("a.b", "a_b")));
    }

    @Test
    void aPayloadFieldNamedLikeAFixedColumnGetsADigestAndTheTableCopiesGetNoColumn() {
        Map<String, Set<FieldType>> fields = new LinkedHashMap<>();
        fields.put("event_id", EnumSet.of(FieldType.STRING));
        fields.put("event_key", EnumSet.of(FieldType.STRING));
        fields.put("occurred_at", EnumSet.of(FieldType.TIMESTAMP));
        fields.put("Event_Id", EnumSet.of(FieldType.INTEGER));
        List<ViewColumn> columns = ViewNames.viewColumns(fields);
        assertThat(columns).singleElement().satisfies(c -> {
            assertThat(c.name()).matches("event_id_[0-9a-f]{8}");
            assertThat(c.type()).isEqualTo(ViewColumnType.BIGINT);
        });
    }

    @Test
    void namesLongerThanPostgresqlsLimitAreCutWithADigestAndNeverNeedQuoting() {
        String key = "payroll." + "very_long_segment.".repeat(7) + "end";
        String view = ViewNames.views(List.of(key)).get(key);
        assertThat(view).hasSize(ViewNames.MAX_BYTES).matches("[a-z_][a-z0-9_]*_[0-9a-f]{8}");
        assertThat(SqlIdentifier.isValid("event_views." + view)).isTrue();
        String path = "a.".repeat(40) + "b";
        assertThat(ViewNames.columns(List.of(path)).get(path)).hasSizeLessThanOrEqualTo(ViewNames.MAX_BYTES);
    }
}
