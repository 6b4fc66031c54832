package routes.batch;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class BatchObjectNamingTest {

    private final BatchObjectNaming naming = new BatchObjectNaming("events/");

    @ParameterizedTest(name = "{0} -> {1} {2} {3}")
    @CsvSource(nullValues = "-", value = {
            "events/event_key=a.b/dt=2026-11-25/hour=22/events+1+6+52dfdaaef06bdf972ee5.ndjson.gz, a.b, 2026-11-25T22:00:00Z, events+1+6+52dfdaaef06bdf972ee5",
            "events/event_key=x:y-z/dt=2026-01-01/hour=00/id.ndjson.gz,                          x:y-z, 2026-01-01T00:00:00Z, id",
            "events/event_key=a/dt=2026-11-25/hour=24/id.ndjson.gz,                                -, -, -",
            "events/event_key=a/dt=2026-02-30/hour=01/id.ndjson.gz,                                -, -, -",
            "other/event_key=a/dt=2026-11-25/hour=01/id.ndjson.gz,                                 -, -, -",
            "events/event_key=a/dt=2026-11-25/hour=01/id.ndjson,                                   -, -, -",
            "manifests/public.events/x.manifest,                                                   -, -, -",
    })
    void parsesOnlyKeysOfTheBatchLayout(String key, String eventKey, String hour, String batchId) {
        var parsed = naming.parse(key);
        if (eventKey == null) {
            assertThat(parsed).isEmpty();
        } else {
            assertThat(parsed).hasValue(new BatchObjectNaming.ParsedKey(eventKey, Instant.parse(hour), batchId));
        }
    }
}
