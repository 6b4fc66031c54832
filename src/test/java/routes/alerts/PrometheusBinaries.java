package routes.alerts;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * promtool and prometheus from Debian's prometheus package, found on PATH. .ci/run installs it and runs with CI=true:
 * there a missing binary fails the test; elsewhere it skips the test and says what to install.
 */
final class PrometheusBinaries {

    private PrometheusBinaries() {
    }

    static Path require(String name) {
        Path found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, name)).filter(Files::isExecutable)
                .findFirst().orElse(null);
        if (found == null && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(name + " not found on PATH; .ci/run installs it (Debian package prometheus)");
        }
        assumeThat(found).as(name + " (apt-get install prometheus) to run the alerting rules' tests").isNotNull();
        return found;
    }
}
