package routes.local;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "in the foreground          | 4242 (java) S 4200 4242 4200 34816 4242 4194560 1 0 | true",
            "a background job (local &) | 4242 (java) S 4200 4242 4200 34816 4200 4194560 1 0 | false",
            "a name with ') S' in it    | 4242 (we) S (ird) S 4200 4242 4200 34816 4242 0 | true",
            "no controlling terminal    | 4242 (java) S 4200 4242 4242 0 -1 4194560 | unknown",
            "not a stat line            | garbage | unknown"})
    void foregroundComesFromTheProcessGroupAndTheTerminalsForegroundGroup(String what, String stat, String expected) {
        Optional<Boolean> foreground = Terminal.foreground(stat);

        assertThat(foreground.map(String::valueOf).orElse("unknown")).isEqualTo(expected);
    }
}
