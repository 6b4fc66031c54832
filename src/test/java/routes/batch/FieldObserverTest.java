package routes.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.contract.EventFieldNames;
import routes.contract.EventFieldsTable;

/** The field observation made during admission: what each event's leaves are as written, after the rules. */
class FieldObserverTest {

    static final String RULES = """
            rules:
              - mask:   { field: ssn }
              - mask:   { field: account_number, keep_last: 4 }
              - hash:   { field: email }
              - remove: { field: internal_note }
            """;
    static final String HEAD = "{\"event_id\":\"e-1\",\"event_key\":\"a.b\",\"occurred_at\":\"2026-01-01T00:00:00Z\",";
    static final SanitizeRules SANITIZE = SanitizeRules.load(
            new ByteArrayInputStream(RULES.getBytes(StandardCharsets.UTF_8)), "test-hmac-key".getBytes(StandardCharsets.UTF_8));

    static Stream<Arguments> observedLeaves() {
        return Stream.of(
                arguments("a string", "\"s\":\"x\"", List.of("s:string")),
                arguments("an integer token", "\"i\":-12", List.of("i:integer")),
                arguments("a decimal token", "\"d\":1.50", List.of("d:decimal")),
                arguments("an exponent is a decimal token", "\"e\":1e5", List.of("e:decimal")),
                arguments("a 40-digit integer", "\"big\":1234567890123456789012345678901234567890", List.of("big:integer")),
                arguments("booleans", "\"t\":true,\"f\":false", List.of("t:boolean", "f:boolean")),
                arguments("null", "\"n\":null", List.of("n:null")),
                arguments("an ISO-8601 instant with offset", "\"at\":\"2026-11-24T10:00:00.123-05:00\"", List.of("at:timestamp")),
                arguments("an instant in Z", "\"at\":\"2026-11-24T10:00:00Z\"", List.of("at:timestamp")),
                arguments("a date alone is a string", "\"day\":\"2026-11-24\"", List.of("day:string")),
                arguments("a local date-time (no offset) is a string", "\"at\":\"2026-11-24T10:00:00\"", List.of("at:string")),
                arguments("a year out of the warehouse's range is a string", "\"at\":\"0000-01-01T00:00:00Z\"", List.of("at:string")),
                arguments("nested objects are descended", "\"a\":{\"b\":{\"c\":1,\"d\":\"x\"}}", List.of("a.b.c:integer", "a.b.d:string")),
                arguments("an empty object is a leaf", "\"o\":{}", List.of("o:object")),
                arguments("an array is a leaf, never descended", "\"rows\":[{\"x\":1},{\"y\":{\"z\":2}}],\"e\":[]",
                        List.of("rows:array", "e:array")),
                arguments("a masked number is a string", "\"account_number\":3837550690", List.of("account_number:string")),
                arguments("a masked field nested", "\"employee\":{\"ssn\":\"875-51-8221\"}", List.of("employee.ssn:string")),
                arguments("a masked object is one string", "\"ssn\":{\"area\":875,\"serial\":8221}", List.of("ssn:string")),
                arguments("a masked null stays null", "\"ssn\":null", List.of("ssn:null")),
                arguments("a hashed field is a string", "\"email\":\"a@b.c\",\"x\":{\"email\":[1,2]}",
                        List.of("email:string", "x.email:string")),
                arguments("a removed field is absent", "\"internal_note\":\"x\",\"k\":1", List.of("k:integer")),
                arguments("an object emptied by a removal is an object leaf", "\"x\":{\"internal_note\":\"y\"}", List.of("x:object")),
                arguments("the contract's names only at the top level are left out",
                        "\"data\":{\"event_id\":\"z\",\"occurred_at\":5}", List.of("data.event_id:string", "data.occurred_at:integer")),
                arguments("the app's own _occurred_at_ fields are not written, so not observed",
                        "\"_occurred_at_source\":\"x\",\"k\":1", List.of("k:integer")),
                arguments("names are kept as they are, case and spaces included", "\"Amount Due\":1,\"amount due\":2,\"Ωmega\":3",
                        List.of("Amount Due:integer", "amount due:integer", "Ωmega:integer")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("observedLeaves")
    void observesEachLeafWithTheTypeWritten(String behaviour, String body, List<String> expected) {
        EventFields fields = observe(FieldObservationLimits.defaults(), HEAD + body + "}");

        assertThat(leaves(fields)).containsExactlyElementsOf(expected);
        assertThat(fields.cut(FieldCut.NAME) + fields.cut(FieldCut.PATH_BYTES)).isZero();
    }

    static Stream<Arguments> cutNames() {
        return Stream.of(
                arguments("a name with the separator", "\"a.b\":1"),
                arguments("an empty name", "\"\":1"),
                arguments("a name with a double quote", "\"say \\\"hi\\\"\":1"),
                arguments("a name with a control character", "\"tab\\there\":1"),
                arguments("a name with a C1 control character", "\"x\\u0085y\":1"),
                arguments("an object whose name cannot be a segment, with all under it", "\"a.b\":{\"c\":1,\"d\":{\"e\":2}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cutNames")
    void aNameThatCannotBeAPathSegmentIsCutAndCountedOnce(String behaviour, String body) {
        EventFields fields = observe(FieldObservationLimits.defaults(), HEAD + body + ",\"kept\":true}");

        assertThat(leaves(fields)).containsExactly("kept:boolean");
        assertThat(fields.cut(FieldCut.NAME)).isEqualTo(1);
    }

    @Test
    void anObjectWhoseOnlyFieldIsCutIsNotReportedAsEmpty() {
        EventFields fields = observe(FieldObservationLimits.defaults(), HEAD + "\"x\":{\"a.b\":1}}");

        assertThat(leaves(fields)).isEmpty();
        assertThat(fields.cut(FieldCut.NAME)).isEqualTo(1);
    }

    @Test
    void anObjectAtTheDepthBoundIsALeafOfTypeObject() {
        EventFields fields = observe(new FieldObservationLimits(100, 2, 512),
                HEAD + "\"a\":{\"b\":{\"c\":1},\"d\":2,\"e\":[]},\"f\":{}}");

        assertThat(leaves(fields)).containsExactly("a.b:object", "a.d:integer", "a.e:array", "f:object");
        assertThat(fields.cut(FieldCut.NAME) + fields.cut(FieldCut.PATH_BYTES)).as("collapsed, not cut").isZero();
    }

    @Test
    void depthOneReportsTopLevelObjectsAsLeaves() {
        EventFields fields = observe(new FieldObservationLimits(100, 1, 512), HEAD + "\"a\":{\"b\":1},\"c\":2}");

        assertThat(leaves(fields)).containsExactly("a:object", "c:integer");
    }

    @Test
    void aPathLongerThanTheBoundIsCutWithEverythingUnderIt() {
        EventFields fields = observe(new FieldObservationLimits(100, 8, 5),
                HEAD + "\"ab\":{\"cd\":1,\"cde\":2,\"x\":{\"y\":3}},\"abcdef\":{\"g\":1},\"é\":{\"éé\":1}}");

        // "é.éé" is 7 bytes in UTF-8 though 4 characters
        assertThat(leaves(fields)).containsExactly("ab.cd:integer");
        assertThat(fields.cut(FieldCut.PATH_BYTES)).isEqualTo(4);
    }

    @Test
    void theLongestPathTheHistoryStoresIsKept() {
        String name = "n".repeat(EventFieldsTable.MAX_PATH_BYTES - 2);
        EventFields fields = observe(FieldObservationLimits.defaults(),
                HEAD + "\"a\":{\"" + name + "\":1,\"" + name + "x\":2}}");

        assertThat(leaves(fields)).containsExactly("a." + name + ":integer");
        assertThat(fields.cut(FieldCut.PATH_BYTES)).isEqualTo(1);
    }

    @Test
    void anEventWithoutItsOwnTimeShowsThePipelinesFlagFields() {
        EventFields missing = observe(FieldObservationLimits.defaults(), "{\"event_key\":\"a.b\",\"k\":1}");
        EventFields invalid = observe(FieldObservationLimits.defaults(),
                "{\"event_key\":\"a.b\",\"occurred_at\":{\"when\":\"soon\",\"ssn\":\"875-51-8221\"}}");
        EventFields text = observe(FieldObservationLimits.defaults(), "{\"event_key\":\"a.b\",\"occurred_at\":\"yesterday\"}");

        assertThat(leaves(missing)).containsExactly("k:integer", "_occurred_at_source:string");
        assertThat(leaves(invalid)).containsExactly("_occurred_at_original.when:string", "_occurred_at_original.ssn:string",
                "_occurred_at_source:string");
        assertThat(leaves(text)).containsExactly("_occurred_at_original:string", "_occurred_at_source:string");
    }

    @Test
    void theObservationHoldsNoValue() {
        EventFields fields = observe(FieldObservationLimits.defaults(), HEAD
                + "\"ssn\":\"875-51-8221\",\"account_number\":3837550690,\"email\":\"someone@pii.example.com\","
                + "\"note\":\"free text\",\"n\":4242}");

        assertThat(fields.toString()).doesNotContain("875-51", "8221", "3837550690", "0690", "someone", "pii.example",
                "free text", "4242");
    }

    @Test
    void observationOffLeavesNoFields() {
        EventFields fields = observe(FieldObservationLimits.OFF, HEAD + "\"k\":1}");

        assertThat(fields).isSameAs(EventFields.NONE);
    }

    @Test
    void aRejectedEventCarriesNoObservation() {
        AdmissionVerdict verdict = admission(FieldObservationLimits.defaults())
                .admit(utf8(HEAD + "\"k\":1,\"k\":2}"), "events", 0, 1, 0);

        assertThat(verdict).isInstanceOf(AdmissionVerdict.Rejected.class);
    }

    static EventFields observe(FieldObservationLimits limits, String event) {
        AdmissionVerdict verdict = admission(limits).admit(utf8(event), "events", 0, 1, 1_764_000_000_000L);
        assertThat(verdict).isInstanceOf(AdmissionVerdict.Accepted.class);
        return ((AdmissionVerdict.Accepted) verdict).fields();
    }

    static EventAdmission admission(FieldObservationLimits limits) {
        return new EventAdmission(EventSizeLimits.defaults(), EventFieldNames.defaults(), SANITIZE,
                WarehouseValueLimits.unlimited(), limits);
    }

    static List<String> leaves(EventFields fields) {
        List<String> leaves = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            leaves.add(fields.path(i) + ":" + fields.type(i).wireName());
        }
        return leaves;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
