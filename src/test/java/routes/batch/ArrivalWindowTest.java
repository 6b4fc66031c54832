package routes.batch;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import routes.contract.OccurredAtParser;

import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ArrivalWindowTest {

    @ParameterizedTest(name = "timestamps [{0}] -> min {1}, max {2}")
    @CsvSource(nullValues = "null", value = {
            "1000,              1000, 1000",
            "3000 2000 5000 4000, 2000, 5000",  // order of arrival does not matter
            "-1,                null, null",    // Kafka's 'no timestamp'
            "'',                null, null",    // no record at all
            "-1 7000,           7000, 7000",    // a record without a timestamp leaves the others' window
            "7000 253402300800000, 7000, 7000", // year 10000 (a producer's CreateTime): left out, not an invalid notification
            "253402300799999,   253402300799999, 253402300799999", // the contract's last millisecond is kept
    })
    void keepsTheEarliestAndLatestUsableTimestamp(String timestamps, Long min, Long max) {
        ArrivalWindow window = new ArrivalWindow();
        Arrays.stream(timestamps.trim().split(" +")).filter(t -> !t.isEmpty()).mapToLong(Long::parseLong).forEach(window::record);

        assertThat(window.min()).isEqualTo(min == null ? null : Instant.ofEpochMilli(min));
        assertThat(window.max()).isEqualTo(max == null ? null : Instant.ofEpochMilli(max));
        if (max != null) {
            assertThat(OccurredAtParser.parseIso(window.max().toString())).as("what the loader's validator accepts").isNotNull();
        }
    }
}
