package routes.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.contract.EventFieldNames;

/** Property over the 500 real-shaped sample events: PII never survives, everything else is unchanged. */
class SampleEventsSanitizingTest {

    static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
    static final SanitizeRules RULES = SanitizeRules.fromClasspath("sanitize.yaml",
            "sample-key".getBytes(StandardCharsets.UTF_8));
    static final EventAdmission ADMISSION = new EventAdmission(EventSizeLimits.defaults(),
            EventFieldNames.defaults(), RULES, WarehouseValueLimits.unlimited());
    static final EventAdmission REDSHIFT_ADMISSION = new EventAdmission(EventSizeLimits.defaults(),
            EventFieldNames.defaults(), RULES,
            WarehouseValueLimits.redshiftSuper(WarehouseValueLimits.REDSHIFT_DEFAULT_MAX_STRING_BYTES));

    static Stream<Arguments> sampleEvents() throws IOException {
        // the sample the README publishes (tests run in the project directory)
        try (InputStream in = Files.newInputStream(Path.of("examples", "events.ndjson"))) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertThat(lines).hasSize(500);
            return IntStream.range(0, lines.size()).mapToObj(i -> arguments("line " + (i + 1), lines.get(i)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleEvents")
    void noMaskedOrHashedValueSurvivesAndEverythingElseIsUnchanged(String line, String event) throws IOException {
        AdmissionVerdict result = ADMISSION.admit(event.getBytes(StandardCharsets.UTF_8), "events", 0, 1, 0);

        assertThat(result).isInstanceOf(AdmissionVerdict.Accepted.class);
        String sanitized = new String(((AdmissionVerdict.Accepted) result).json(), StandardCharsets.UTF_8);
        JsonNode raw = EXACT.readTree(event);
        for (String original : piiValues(raw, new ArrayList<>())) {
            assertThat(sanitized).doesNotContain(original);
        }
        assertSameExceptPii(raw, EXACT.readTree(sanitized), "$");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleEvents")
    void redshiftAdmitsEverySampleEventAsPostgresqlDoes(String line, String event) {
        byte[] value = event.getBytes(StandardCharsets.UTF_8);

        AdmissionVerdict redshift = REDSHIFT_ADMISSION.admit(value, "events", 0, 1, 0);

        assertThat(redshift).isInstanceOfSatisfying(AdmissionVerdict.Accepted.class, accepted -> assertThat(accepted.json())
                .isEqualTo(((AdmissionVerdict.Accepted) ADMISSION.admit(value, "events", 0, 1, 0)).json()));
    }

    @Test
    void sampleHoldsPiiToProtect() throws IOException {
        List<String> found = new ArrayList<>();
        for (Arguments row : sampleEvents().toList()) {
            piiValues(EXACT.readTree((String) row.get()[1]), found);
        }

        // 72 employees (email, ssn, date_of_birth) and 12 bank accounts (routing and account number).
        assertThat(found).hasSize(72 * 3 + 12 * 2);
    }

    /** Text of every scalar under a field that a mask or hash rule names, at any depth. */
    static List<String> piiValues(JsonNode node, List<String> found) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (ruleFor(field.getKey()) != null) {
                leaves(field.getValue(), found);
            } else {
                piiValues(field.getValue(), found);
            }
        }
        for (JsonNode element : node.isArray() ? node : List.<JsonNode>of()) {
            piiValues(element, found);
        }
        return found;
    }

    static void leaves(JsonNode node, List<String> found) {
        if (node.isContainerNode()) {
            node.forEach(child -> leaves(child, found));
        } else if (!node.isNull()) {
            found.add(node.asText());
        }
    }

    static void assertSameExceptPii(JsonNode raw, JsonNode sanitized, String path) {
        if (raw.isObject()) {
            assertThat(sanitized.isObject()).as(path).isTrue();
            assertThat(sanitized.size()).as(path + " field count").isEqualTo(raw.size());
            raw.fields().forEachRemaining(field -> {
                String at = path + "." + field.getKey();
                JsonNode out = sanitized.get(field.getKey());
                FieldAction action = ruleFor(field.getKey());
                if (action == null) {
                    assertSameExceptPii(field.getValue(), out, at);
                } else if (action instanceof FieldAction.Hash) {
                    assertThat(out.asText()).as(at).matches("[0-9a-f]{64}");
                } else if (action instanceof FieldAction.Mask mask) {
                    assertThat(out.asText()).as(at).startsWith("****").hasSizeLessThanOrEqualTo(4 + mask.keepLast());
                }
            });
        } else if (raw.isArray()) {
            assertThat(sanitized.size()).as(path).isEqualTo(raw.size());
            for (int i = 0; i < raw.size(); i++) {
                assertSameExceptPii(raw.get(i), sanitized.get(i), path + "[" + i + "]");
            }
        } else {
            assertThat(sanitized).as(path).isEqualTo(raw);
        }
    }

    static FieldAction ruleFor(String name) {
        return RULES.fieldActions().get(name.toLowerCase(Locale.ROOT));
    }
}
