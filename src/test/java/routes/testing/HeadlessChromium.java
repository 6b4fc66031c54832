package routes.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Chromium without a screen, for the tests that look at a page as a browser renders it. `.ci/run` installs it
 * on a fresh Debian machine; where it is missing the tests that need it are skipped and say so.
 * {@code --virtual-time-budget} lets the page's timers and requests run that long before the DOM or the picture
 * is taken; every console message of the page is written to the log as an {@code INFO:CONSOLE} line.
 */
public final class HeadlessChromium {

    public static final String MISSING = "chromium is not installed (.ci/run installs it: apt-get install chromium)";
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"),
            Path.of("/usr/bin/google-chrome"));

    private final Path binary;
    private final Path workDir;

    private HeadlessChromium(Path binary, Path workDir) {
        this.binary = binary;
        this.workDir = workDir;
    }

    /** The installed browser, working (profile, logs) under {@code workDir}; empty when none is installed. */
    public static Optional<HeadlessChromium> find(Path workDir) {
        return CANDIDATES.stream().filter(Files::isExecutable).findFirst().map(b -> new HeadlessChromium(b, workDir));
    }

    /** The DOM after {@code budgetMillis} of the page's time. */
    public Result dumpDom(String url, long budgetMillis) throws Exception {
        Path dom = workDir.resolve("dom.html");
        Path log = run(url, budgetMillis, dom, "--dump-dom", "--window-size=1280,1500");
        return new Result(Files.readString(dom), Files.readString(log));
    }

    /** A PNG of the page after {@code budgetMillis} of the page's time. */
    public Result screenshot(String url, long budgetMillis, Path png, String windowSize) throws Exception {
        Path log = run(url, budgetMillis, null, "--screenshot=" + png, "--window-size=" + windowSize);
        return new Result("", Files.readString(log));
    }

    private Path run(String url, long budgetMillis, Path stdout, String... extra) throws IOException, InterruptedException {
        Path log = Files.createTempFile(workDir, "chromium", ".log");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + Files.createDirectories(workDir.resolve("chromium-profile")),
                "--virtual-time-budget=" + budgetMillis));
        command.addAll(List.of(extra));
        command.add(url);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout.toFile()));
        Process chromium = builder.start();
        if (!chromium.waitFor(90, TimeUnit.SECONDS)) {
            chromium.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within 90 s: " + url);
        }
        return log;
    }

    /** What the browser produced, and what the page wrote to its console. */
    public record Result(String dom, String log) {
        public List<String> consoleMessages() {
            try (Stream<String> lines = log.lines()) {
                return lines.filter(l -> l.contains(":CONSOLE")).toList();
            }
        }
    }
}
