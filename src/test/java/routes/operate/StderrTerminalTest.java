package routes.operate;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class StderrTerminalTest {

    @ParameterizedTest(name = "stderr -> {0}: terminal {1}")
    @CsvSource({"/dev/pts/3, true", "/dev/tty1, true", "/dev/console, true", "'pipe:[48213]', false",
            "/var/log/replay.log, false", "/dev/null, false", "'socket:[9]', false"})
    void stderrIsATerminalOnlyWhenItsDescriptorNamesATerminalDevice(String target, boolean terminal, @TempDir Path dir) throws Exception {
        Path fd = Files.createSymbolicLink(dir.resolve("2"), Path.of(target));
        assertThat(StderrTerminal.isTerminal(fd)).contains(terminal);
        Files.delete(fd);
    }

    @ParameterizedTest(name = "{0}: unknown")
    @CsvSource({"missing", "regular"})
    void withoutADescriptorLinkToReadItIsUnknown(String kind, @TempDir Path dir) throws Exception {
        Path fd = dir.resolve("2");
        if (kind.equals("regular")) {
            Files.writeString(fd, "");
        }
        assertThat(StderrTerminal.isTerminal(fd)).isEqualTo(Optional.empty());
    }
}
