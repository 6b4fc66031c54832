package routes.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * kubectl found on PATH, for what it does without a cluster: {@code kubectl kustomize} (its built-in kustomize) and
 * {@code --dry-run=client -o yaml} of the generator commands. Where it is missing the tests that need it are skipped
 * and say so: kubectl is not in a package registry CI reaches at a version whose kustomize knows replacements.
 */
final class Kubectl {

    private static final long TIMEOUT_S = 60;
    private static final Path EMPTY_CONFIG = emptyConfig();

    record Result(int exitCode, String stdout, String stderr) {
    }

    private Kubectl() {
    }

    static Path require() {
        Path found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, "kubectl")).filter(Files::isExecutable)
                .findFirst().orElse(null);
        assumeThat(found).as("kubectl (with kustomize v5) on PATH to render deploy/kubernetes").isNotNull();
        return found;
    }

    private static Path emptyConfig() {
        try {
            Path config = Files.createTempFile("kubeconfig", ".yaml");
            config.toFile().deleteOnExit();
            return config;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code kubectl kustomize dir}: the objects the overlay or base would apply, as YAML. */
    static String kustomize(Path dir) {
        Result result = run(Path.of("."), List.of("kustomize", dir.toString()));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + result.stderr());
        }
        return result.stdout();
    }

    /** kubectl with these arguments in this directory, bounded in time. */
    static Result run(Path workingDirectory, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(require().toString());
        command.addAll(arguments);
        try {
            Path out = Files.createTempFile("kubectl", ".out");
            Path err = Files.createTempFile("kubectl", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                // no kubeconfig: whatever cluster the developer's own config points at is never reached
                builder.environment().put("KUBECONFIG", EMPTY_CONFIG.toString());
                Process process = builder.start();
                process.getOutputStream().close();
                if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(command + " did not finish within " + TIMEOUT_S + " s");
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException(command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(command + " interrupted", e);
        }
    }
}
