package routes.contract;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import routes.config.Setting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectKeyLayoutTest {

    private final ObjectKeyLayout naming = new ObjectKeyLayout("events/");

    @ParameterizedTest(name = "{0} -> {1} {2} {3}")
    @CsvSource(nullValues = "-", value = {
            "events/event_key=a.b/dt=2026-11-25/hour=22/events+1+6+52dfdaaef06bdf972ee5.ndjson.gz, a.b, 2026-11-25T22:00:00Z, events+1+6+52dfdaaef06bdf972ee5",
            "events/event_key=x:y-z/dt=2026-01-01/hour=00/id.ndjson.gz,                          x:y-z, 2026-01-01T00:00:00Z, id",
            "events/event_key=a/dt=2026-11-25/hour=24/id.ndjson.gz,                                -, -, -",
            "events/event_key=a/dt=2026-02-30/hour=01/id.ndjson.gz,                                -, -, -",
            "other/event_key=a/dt=2026-11-25/hour=01/id.ndjson.gz,                                 -, -, -",
            "events/event_key=a/dt=2026-11-25/hour=01/id.ndjson,                                   -, -, -",
            "manifests/public.events/x.manifest,                                                   -, -, -",
            "events/event_key=orders..created/dt=2026-11-25/hour=01/id.ndjson.gz,                  -, -, -",
            "events/event_key=a/dt=2026-11-25/hour=01/id..x.ndjson.gz,                             -, -, -",
            "events/event_key=a/dt=2026-11-25/hour=01/x'y.ndjson.gz,                               -, -, -",
    })
    void parsesOnlyKeysOfTheBatchLayout(String key, String eventKey, String hour, String batchId) {
        var parsed = naming.parse(key);
        if (eventKey == null) {
            assertThat(parsed).isEmpty();
        } else {
            assertThat(parsed).hasValue(new ObjectKeyLayout.ParsedKey(eventKey, Instant.parse(hour), batchId));
        }
    }

    @org.junit.jupiter.api.Test
    void keysAndBatchIdsAreHeldToTheirFieldRules() {
        String k128 = "k".repeat(128);
        String b128 = "b".repeat(128);
        assertThat(naming.parse("events/event_key=" + k128 + "/dt=2026-11-25/hour=01/" + b128 + ".ndjson.gz"))
                .hasValue(new ObjectKeyLayout.ParsedKey(k128, Instant.parse("2026-11-25T01:00:00Z"), b128));
        assertThat(naming.parse("events/event_key=" + k128 + "k/dt=2026-11-25/hour=01/id.ndjson.gz")).isEmpty();
        assertThat(naming.parse("events/event_key=a/dt=2026-11-25/hour=01/" + b128 + "b.ndjson.gz")).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "events/", "raw/v2/", "logs.v2/", "Events/", "a=b/c_d-e/"})
    void aPrefixTheRuleAllowsNamesKeysItParsesBack(String prefix) {
        ObjectKeyLayout layout = new ObjectKeyLayout(prefix);
        String key = layout.objectKey("a.b", Instant.parse("2026-11-25T22:14:00Z"), "t+1+6+abc");
        assertThat(key).isEqualTo(prefix + "event_key=a.b/dt=2026-11-25/hour=22/t+1+6+abc.ndjson.gz");
        assertThat(layout.parse(key)).hasValue(new ObjectKeyLayout.ParsedKey("a.b", Instant.parse("2026-11-25T22:00:00Z"), "t+1+6+abc"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"events", "/events/", "events//", "../events/", "a/./", "a/../", "ev ents/", "évents/", "a:b/", "a+b/"})
    void aPrefixOutsideTheRuleIsRefusedNamingTheSettingAndTheRule(String prefix) {
        assertThatThrownBy(() -> new ObjectKeyLayout(prefix))
                .hasMessageContaining(Setting.S3_PREFIX)
                .hasMessageContaining(ObjectKeyLayout.PREFIX_RULE);
    }
}
