package routes.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Generated secrets of {@code local --secure}: random, in files only their owner can read, never on the console.
 * Hex only, so a secret survives every format it is written into (JAAS lines, kcat's -X, Kafka's --add-scram).
 */
public final class LocalSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private LocalSecrets() {
    }

    /** 128 random bits as 32 hex characters. */
    public static String random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Writes {@code secret} to {@code file} (owner read/write only) and returns it. */
    public static String write(Path file, String secret) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret, StandardCharsets.UTF_8);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The secret in {@code file}, written by {@link #write} or a previous start. */
    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The secret in {@code file}, generated and written first if the file does not exist yet. */
    public static String readOrCreate(Path file) {
        return Files.exists(file) ? read(file) : write(file, random());
    }
}
