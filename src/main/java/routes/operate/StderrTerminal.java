package routes.operate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether this process's stderr is a terminal, the test {@link Progress} draws bars by. Java 17 has no isatty, and
 * {@code System.console()} looks at stdin and stdout only ({@code replay 2>log} still has a console); on Linux
 * {@code /proc/self/fd/2} names what stderr is ({@code /dev/pts/3} or {@code pipe:[...]}, a file path). Elsewhere the
 * console is the best guess.
 */
final class StderrTerminal {

    private static final Path STDERR = Path.of("/proc/self/fd/2");

    private StderrTerminal() {
    }

    static boolean isTerminal() {
        return isTerminal(STDERR).orElse(System.console() != null);
    }

    /** From the link {@code fd} (a {@code /proc/PID/fd/N}): whether it names a terminal device; empty when unknown. */
    static Optional<Boolean> isTerminal(Path fd) {
        try {
            if (!Files.isSymbolicLink(fd)) {
                return Optional.empty();
            }
            String target = Files.readSymbolicLink(fd).toString();
            return Optional.of(target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console"));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }
}
