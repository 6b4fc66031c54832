package routes.deadletter;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterSizeTest {

    private static final Map<String, String> HEADERS = Map.of(
            "dlq.reason", "too_large: 2097152 bytes over pipeline.event.max-bytes 1048576",
            "dlq.stage", "batcher", "dlq.source.topic", "events", "dlq.source.partition", "0", "dlq.source.offset", "42");

    @ParameterizedTest(name = "value {0} bytes, limit = measured size {1}: fits={2}")
    @CsvSource({
            "0,        0,  true",
            "1000,     0,  true",
            "1000,     -1, false",
            "1048576,  0,  true",
            "1048576,  -1, false",
    })
    void aDeadLetterFitsUpToTheProducersMaxRequestSizeCountingKeyAndHeaders(int valueBytes, int slack, boolean fits) {
        byte[] key = "the-original-key".getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[valueBytes];
        int measured = DeadLetterSize.bytes(key, value, HEADERS);

        assertThat(new DeadLetterSize(measured + slack).fits(key, value, HEADERS)).isEqualTo(fits);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "the key counts,     key",
            "the headers count,  headers",
    })
    void moreThanTheValueIsMeasured(String ignored, String what) {
        byte[] value = new byte[1000];
        int valueOnly = DeadLetterSize.bytes(null, value, Map.of());
        int withMore = what.equals("key") ? DeadLetterSize.bytes(new byte[100], value, Map.of())
                : DeadLetterSize.bytes(null, value, HEADERS);

        assertThat(withMore).isGreaterThan(valueOnly + 100 - 1);
        assertThat(new DeadLetterSize(valueOnly).fits(what.equals("key") ? new byte[100] : null, value,
                what.equals("key") ? Map.of() : HEADERS)).isFalse();
    }
}
