package routes.testing;

import routes.config.PipelineSettings;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged jar as a child JVM, the way operators run it: {@code java -jar target/event-pipeline.jar ...}. */
public final class PipelineProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "event-pipeline.jar");
    /** The production jar the image ships: {@code run}, {@code preflight}, {@code reconcile}. */
    public static final Path RUN_JAR = Path.of("target", "event-pipeline-run.jar");

    private final Process process;
    private final Path log;

    static final java.time.Duration STOP_BOUND = java.time.Duration.ofSeconds(180);

    private PipelineProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the jar with the given arguments; every setting is passed as --key=value. */
    public static PipelineProcess start(List<String> arguments, PipelineSettings settings, List<String> keys) throws IOException {
        return start(JAR, arguments, settings, keys);
    }

    /** Starts the given jar with the given arguments; every setting is passed as --key=value. */
    public static PipelineProcess start(Path jar, List<String> arguments, PipelineSettings settings, List<String> keys)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-jar", jar.toString()));
        command.addAll(arguments);
        keys.forEach(key -> command.add("--" + key + "=" + settings.get(key)));
        Path log = Files.createTempFile("pipeline-process", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new PipelineProcess(process, log);
    }

    /** Starts the jar with exactly these arguments, output to {@code log}. */
    public static PipelineProcess start(List<String> arguments, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-jar", JAR.toString()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new PipelineProcess(process, log);
    }

    public static int run(List<String> arguments, Path output) throws Exception {
        return run(JAR, arguments, output);
    }

    public static int run(Path jar, List<String> arguments, Path output) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", jar.toString()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return process.exitValue();
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    /** CPU time (user + system) the child JVM has used so far, in ms; -1 when the OS does not say. */
    public long cpuMillis() {
        return process.toHandle().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L);
    }

    /** The output so far, from character {@code from} on (to look at what was logged during a window). */
    public String outputSince(int from) throws IOException {
        String all = output();
        return from >= all.length() ? "" : all.substring(from);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** kill -9: no shutdown hook, no flush, no commit. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * SIGTERM: the orderly stop; returns the exit code, -1 when it did not exit within {@link #STOP_BOUND}. A signal
     * that arrives while the pipeline is still starting is acted on once the start is done (RunCommand), and on a
     * loaded two-core CI machine a start took up to ~100 s: the bound covers a slow start plus the stop itself.
     */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_BOUND.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }
}
