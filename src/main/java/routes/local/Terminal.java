package routes.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether `local` may paint its panel: stdin and stdout are a terminal (Java's console) and, where Linux says
 * so, this process is in the terminal's foreground: `local &` in a shell with job control keeps the terminal
 * as stdout but must not paint over the shell, so it prints lines.
 */
public final class Terminal {

    private static final Path STAT = Path.of("/proc/self/stat");

    private Terminal() {
    }

    public static boolean interactive() {
        return System.console() != null && foreground(STAT).orElse(true);
    }

    /** From /proc/PID/stat: the process group equals the terminal's foreground group; empty when unknown. */
    static Optional<Boolean> foreground(Path stat) {
        try {
            return Files.exists(stat) ? foreground(Files.readString(stat)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Fields after the command name (which may hold spaces and parentheses): state ppid pgrp session tty_nr tpgid … */
    static Optional<Boolean> foreground(String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            return Optional.empty();
        }
        String[] fields = stat.substring(end + 1).trim().split("\\s+");
        if (fields.length < 6) {
            return Optional.empty();
        }
        long pgrp = Long.parseLong(fields[2]);
        long foregroundGroup = Long.parseLong(fields[5]);
        return foregroundGroup <= 0 ? Optional.empty() : Optional.of(pgrp == foregroundGroup);
    }
}
