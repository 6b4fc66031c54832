package routes.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A copy of deploy/kubernetes under a scratch root, same relative paths, for tests that edit a file and render again. */
final class RenderedCopy {

    private RenderedCopy() {
    }

    /** Copies deploy/kubernetes into {@code root} and returns {@code root}: resolve the repository's paths against it. */
    static Path of(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(Manifests.ROOT)) {
            files.forEach(source -> {
                try {
                    Path target = root.resolve(source.toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return root;
    }
}
