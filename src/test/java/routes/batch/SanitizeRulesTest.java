package routes.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import routes.contract.EventFieldNames;
import routes.contract.GlobPattern;

class SanitizeRulesTest {

    static final byte[] KEY = "test-hmac-key".getBytes(StandardCharsets.UTF_8);
    static final String RULES = """
            rules:
              - drop:   { event_key: "*.heartbeat" }
              - mask:   { field: ssn }
              - mask:   { field: account_number, keep_last: 4 }
              - hash:   { field: email }
              - remove: { field: internal_note }
            """;
    static final String HEAD = "{\"event_id\":\"e-1\",\"event_key\":\"a.b\",\"occurred_at\":\"2026-01-01T00:00:00Z\",";

    final SanitizeRules rules = rules(RULES);
    final EventAdmission admission = new EventAdmission(EventSizeLimits.defaults(), EventFieldNames.defaults(), rules,
            WarehouseValueLimits.unlimited());

    static Stream<Arguments> fieldRules() {
        return Stream.of(
                arguments("mask at top level", "\"ssn\":\"875-51-8221\"", "\"ssn\":\"****\""),
                arguments("mask nested in data.employee", "\"data\":{\"employee\":{\"id\":7,\"ssn\":\"875-51-8221\"}}",
                        "\"data\":{\"employee\":{\"id\":7,\"ssn\":\"****\"}}"),
                arguments("mask inside an array of objects", "\"people\":[{\"ssn\":\"1\"},{\"x\":[{\"ssn\":\"2\"}]}]",
                        "\"people\":[{\"ssn\":\"****\"},{\"x\":[{\"ssn\":\"****\"}]}]"),
                arguments("names match case-insensitively", "\"SSN\":\"1\",\"Ssn\":\"2\",\"EMAIL\":\"a@b.c\"",
                        "\"SSN\":\"****\",\"Ssn\":\"****\",\"EMAIL\":\"" + hmac("a@b.c") + "\""),
                arguments("keep_last keeps the last 4", "\"account_number\":\"3837550690\"", "\"account_number\":\"****0690\""),
                arguments("keep_last on a number uses its text", "\"account_number\":3837550690", "\"account_number\":\"****0690\""),
                arguments("keep_last on a value of 4 or fewer chars hides it all", "\"account_number\":\"0690\"", "\"account_number\":\"****\""),
                arguments("keep_last counts characters, not UTF-16 units", "\"account_number\":\"ab😀cde\"", "\"account_number\":\"****😀cde\""),
                arguments("mask a number", "\"ssn\":875518221", "\"ssn\":\"****\""),
                arguments("mask a boolean", "\"ssn\":true", "\"ssn\":\"****\""),
                arguments("null stays null under mask", "\"ssn\":null", "\"ssn\":null"),
                arguments("null stays null under hash", "\"email\":null", "\"email\":null"),
                arguments("an object value is masked whole", "\"ssn\":{\"area\":\"875\",\"rest\":[51,8221]}", "\"ssn\":\"****\""),
                arguments("an array value is masked whole", "\"ssn\":[\"875\",\"51\"]", "\"ssn\":\"****\""),
                arguments("hash a string: HMAC of its UTF-8", "\"email\":\"person@example.com\"", "\"email\":\"" + hmac("person@example.com") + "\""),
                arguments("hash a number: HMAC of its JSON text", "\"email\":1e3", "\"email\":\"" + hmac("1e3") + "\""),
                arguments("hash an object: HMAC of its compact JSON", "\"email\":{ \"a\" : [1, \"x\"] }", "\"email\":\"" + hmac("{\"a\":[1,\"x\"]}") + "\""),
                arguments("hash nested in an array", "\"to\":[{\"email\":\"x@y.z\"}]", "\"to\":[{\"email\":\"" + hmac("x@y.z") + "\"}]"),
                arguments("remove at top level", "\"internal_note\":\"call her\",\"k\":1", "\"k\":1"),
                arguments("remove nested, object value", "\"data\":{\"internal_note\":{\"a\":1},\"k\":2}", "\"data\":{\"k\":2}"),
                arguments("other fields are untouched", "\"ssn_last_changed\":\"2024\",\"name\":\"Ольга\"", "\"ssn_last_changed\":\"2024\",\"name\":\"Ольга\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fieldRules")
    void appliesFieldRulesWhereverTheFieldAppears(String behaviour, String fields, String expected) {
        AdmissionVerdict result = admission.admit((HEAD + fields + "}").getBytes(StandardCharsets.UTF_8), "events", 0, 1, 0);

        assertThat(result).isInstanceOfSatisfying(AdmissionVerdict.Accepted.class, accepted ->
                assertThat(new String(accepted.json(), StandardCharsets.UTF_8)).isEqualTo(HEAD + expected + "}"));
    }

    @Test
    void hashIsTheWellKnownHmacSha256Vector() {
        HmacSha256 hmac = new HmacSha256("key".getBytes(StandardCharsets.UTF_8));

        assertThat(hmac.hex("The quick brown fox jumps over the lazy dog"))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    @Test
    void hashIsDeterministicAcrossCalls() {
        byte[] event = (HEAD + "\"email\":\"person@example.com\"}").getBytes(StandardCharsets.UTF_8);

        AdmissionVerdict first = admission.admit(event, "events", 0, 1, 0);
        AdmissionVerdict second = admission.admit(event, "events", 0, 1, 0);

        assertThat(((AdmissionVerdict.Accepted) first).json()).isEqualTo(((AdmissionVerdict.Accepted) second).json());
    }

    @ParameterizedTest(name = "{0} dropped: {1}")
    @CsvSource({
            "payroll.heartbeat, true",
            "a.b.heartbeat, true",
            ".heartbeat, true",
            "heartbeat.x, false",
            "heartbeat, false",
            "payroll.Heartbeat, false",
            "payroll.heartbeats, false"})
    void dropGlobMatchesEventKeys(String eventKey, boolean dropped) {
        assertThat(rules.drops(eventKey)).isEqualTo(dropped);
        assertThat(rules.dropRule(eventKey)).isEqualTo(dropped ? java.util.Optional.of("drop *.heartbeat") : java.util.Optional.empty());
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
            "payroll.*, payroll.run.created, true",
            "payroll.*, payroll, false",
            "?.b, a.b, true",
            "?.b, ab.b, false",
            "*run*, payroll.run.created, true",
            "a*b*c, aXbYc, true",
            "a*b*c, aXbY, false",
            "exact.key, exact.key, true",
            "exact.key, exact.keys, false"})
    void globWildcards(String glob, String key, boolean matches) {
        assertThat(GlobPattern.compile(glob).matches(key)).isEqualTo(matches);
    }

    static Stream<Arguments> badRuleFiles() {
        return Stream.of(
                arguments("unknown rule kind", "rules:\n  - encrypt: { field: ssn }", "unknown rule kind 'encrypt'"),
                arguments("missing field", "rules:\n  - mask: { keep_last: 4 }", "'field' is required"),
                arguments("empty field", "rules:\n  - hash: { field: \"\" }", "'field' is required"),
                arguments("unknown option", "rules:\n  - mask: { field: ssn, keep: 4 }", "unknown option 'keep'"),
                arguments("keep_last not a number", "rules:\n  - mask: { field: ssn, keep_last: four }", "keep_last must be a whole number"),
                arguments("keep_last zero", "rules:\n  - mask: { field: ssn, keep_last: 0 }", "keep_last must be a whole number"),
                arguments("bad glob", "rules:\n  - drop: { event_key: \"payroll/[a-z]\" }", "bad event_key pattern"),
                arguments("drop without event_key", "rules:\n  - drop: { field: x }", "unknown option 'field'"),
                arguments("field in two rules", "rules:\n  - mask: { field: ssn }\n  - hash: { field: SSN }", "already has a rule"),
                arguments("pipeline field targeted", "rules:\n  - remove: { field: occurred_at }", "is a pipeline field"),
                arguments("pipeline field targeted in upper case", "rules:\n  - mask: { field: Event_Key }", "is a pipeline field"),
                arguments("two kinds in one item", "rules:\n  - mask: { field: a }\n    hash: { field: b }", "must be one of drop/mask/hash/remove"),
                arguments("options not a mapping", "rules:\n  - mask: ssn", "options must be a mapping"),
                arguments("rules not a list", "rules: { mask: ssn }", "'rules' must be a list"),
                arguments("unknown top-level key", "rule:\n  - mask: { field: ssn }", "unknown option 'rule'"),
                arguments("empty file", "", "must be a mapping"),
                arguments("duplicate YAML key", "rules:\n  - mask: { field: a, field: b }", "not valid YAML"),
                arguments("hash rule without HMAC key", "NO_KEY rules:\n  - hash: { field: email }", "need a non-empty HMAC key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRuleFiles")
    void badRuleFileFailsAtLoadWithAMessage(String behaviour, String yaml, String message) {
        boolean noKey = yaml.startsWith("NO_KEY ");
        byte[] key = noKey ? new byte[0] : KEY;
        String text = noKey ? yaml.substring("NO_KEY ".length()) : yaml;

        assertThatThrownBy(() -> SanitizeRules.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sanitize rules: ")
                .hasMessageContaining(message);
    }

    @Test
    void defaultFileHasTheContractRules() {
        SanitizeRules defaults = SanitizeRules.fromClasspath("sanitize.yaml", KEY);

        assertThat(defaults.fieldActions()).containsOnlyKeys("ssn", "account_number", "routing_number",
                "date_of_birth", "password", "email");
        assertThat(defaults.fieldActions().get("account_number")).isEqualTo(new FieldAction.Mask(4));
        assertThat(defaults.fieldActions().get("email")).isInstanceOf(FieldAction.Hash.class);
        assertThat(defaults.dropRule("payroll.heartbeat")).contains("drop *.heartbeat");
    }

    @Test
    void rulesWithoutHashNeedNoKey() {
        SanitizeRules maskOnly = SanitizeRules.load(
                new ByteArrayInputStream("rules:\n  - mask: { field: ssn }".getBytes(StandardCharsets.UTF_8)), null);

        assertThat(maskOnly.fieldActions()).containsOnlyKeys("ssn");
    }

    @Test
    void printedRulesNeverShowTheKey() {
        assertThat(rules.toString() + rules.fieldActions().toString()).doesNotContain("test-hmac-key");
    }

    static SanitizeRules rules(String yaml) {
        return SanitizeRules.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), KEY);
    }

    /** The expected hash, computed independently with javax.crypto. */
    static String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
