package routes.batch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import routes.contract.SourceRecord;

class DerivedIdOriginTest {

    private static final SourceRecord RECORD = new SourceRecord("events", 2, 900);
    private final DerivedIdOrigin origin = new DerivedIdOrigin("events-dlq");

    @ParameterizedTest(name = "dlq.redriven.from={0} -> {1}")
    @CsvSource(nullValues = "-", value = {
            "-,            events-2-900",
            "0:7,          events-dlq-0-7",
            "12:123456789, events-dlq-12-123456789",
            "0:-7,         events-2-900",
            "x:7,          events-2-900",
            "0:7:1,        events-2-900",
            "'',           events-2-900"})
    void aRedrivenCopyIsDerivedFromItsDeadLetterAndAnythingElseFromItself(String header, String expected) {
        SourceRecord from = origin.of(RECORD, header);

        assertThat(from.topic() + "-" + from.partition() + "-" + from.offset()).isEqualTo(expected);
    }
}
