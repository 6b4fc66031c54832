package routes.batch;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import routes.offsets.OffsetWatermarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class BatchCompletionTest {

    /** A batch of {@code records} events of 9 bytes each (10 with the newline), limits 3 records or 25 bytes. */
    private static EventBatch batch(int records) {
        EventBatch batch = new EventBatch("k", new BatchLimits(3, 25), new OffsetWatermarks("g"));
        for (int i = 0; i < records; i++) {
            batch.add(new AdmissionVerdict.Accepted("k", "id" + i, Instant.EPOCH, "{\"n\":123}".getBytes(StandardCharsets.UTF_8), false),
                    "events", 0, i, -1);
        }
        return batch;
    }

    @ParameterizedTest(name = "Camel says {0} about a batch of {1} events: completed_by={2}")
    @CsvSource(nullValues = "null", value = {
            "predicate, 3, records",  // 3 records, 30 bytes: the record count is reached first
            "predicate, 2, bytes",    // hypothetically full on bytes alone (the predicate said so)
            "interval,  1, age",
            "timeout,   1, age",
            "force,     1, forced",   // forced by no trigger of the pipeline (e.g. an operator over JMX)
            "size,      1, other",    // not configured in routes.yaml: an edited routes file
            "null,      1, other",
    })
    void namesTheTriggerThatClosedTheBatch(String camelCompletedBy, int records, String logged) {
        assertThat(BatchCompletion.of(camelCompletedBy, batch(records)).logName()).isEqualTo(logged);
    }

    @ParameterizedTest(name = "a batch forced closed by {0} says completed_by={1}")
    @CsvSource({"MEMORY_BUDGET, memory_budget", "REVOKE, revoke", "STOP, stop"})
    void aForcedBatchNamesWhoForcedIt(BatchCompletion reason, String logged) {
        EventBatch batch = batch(1);
        batch.closeEarly(reason);

        assertThat(BatchCompletion.of("force", batch).logName()).isEqualTo(logged);
    }
}
