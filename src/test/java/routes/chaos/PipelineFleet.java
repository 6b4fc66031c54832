package routes.chaos;

import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.testing.PipelineProcess;
import routes.testing.TestPipelines;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A set of pipeline child processes ({@code java -jar target/event-pipeline.jar run --role …}) on one
 * namespace: started, killed (-9), stopped (SIGTERM) and replaced by the chaos tests. Each instance gets
 * its own HTTP port; every other setting is the same for all, passed as {@code --key=value}.
 */
final class PipelineFleet implements AutoCloseable {

    enum Role { batcher, loader, both }

    /** One child JVM and the role it runs. */
    record Instance(String name, Role role, PipelineProcess process, int httpPort) {
        long cpuMillis() {
            return process.cpuMillis();
        }
    }

    private final PipelineSettings.Builder base;
    private final Map<String, String> settings;
    private final List<Instance> running = new CopyOnWriteArrayList<>();
    private final List<Instance> ended = new CopyOnWriteArrayList<>();
    private final List<String> arguments = new ArrayList<>();
    private int started;

    /** @param overrides settings on top of {@link TestPipelines#settings} (batch and load windows etc.) */
    PipelineFleet(TestPipelines.Namespace ns, Map<String, String> overrides) {
        this.base = TestPipelines.settings(ns);
        this.settings = new LinkedHashMap<>(overrides);
        overrides.forEach(base::set);
    }

    /** Arguments every instance started from now on gets after its role (e.g. {@code --routes FILE}). */
    PipelineFleet withArguments(String... extra) {
        arguments.addAll(List.of(extra));
        return this;
    }

    synchronized Instance start(Role role) throws IOException {
        String name = role + "-" + (++started);
        int httpPort = TestPipelines.freePort();
        PipelineSettings s = base.set(Setting.HTTP_PORT, Integer.toString(httpPort)).build();
        List<String> keys = new ArrayList<>(TestPipelines.RUN_KEYS);
        settings.keySet().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
        List<String> args = new ArrayList<>(role == Role.both ? List.of("run") : List.of("run", "--role", role.name()));
        args.addAll(arguments);
        Instance instance = new Instance(name, role, PipelineProcess.start(args, s, keys), httpPort);
        running.add(instance);
        return instance;
    }

    List<Instance> running(Role role) {
        return running.stream().filter(i -> i.role() == role).toList();
    }

    Instance pick(Role role, Random random) {
        List<Instance> candidates = running(role);
        return candidates.get(random.nextInt(candidates.size()));
    }

    /** kill -9, then a new instance of the same role in its place. */
    Instance killAndReplace(Instance victim) throws Exception {
        kill(victim);
        return start(victim.role());
    }

    void kill(Instance victim) throws InterruptedException {
        victim.process().kill();
        retire(victim);
    }

    /** SIGTERM; returns the exit code. */
    int stop(Instance instance) throws InterruptedException {
        int exit = instance.process().stop();
        retire(instance);
        if (exit != 0) {
            try {
                List<String> lines = instance.process().output().lines().toList();
                System.out.println("STOP-FAILED " + instance.name() + " exit=" + exit + ", its last lines:\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size())));
            } catch (IOException e) {
                System.out.println("STOP-FAILED " + instance.name() + " exit=" + exit + " (output unreadable: " + e + ")");
            }
        }
        return exit;
    }

    int stopAll() throws InterruptedException {
        int failures = 0;
        for (Instance i : List.copyOf(running)) {
            failures += stop(i) == 0 ? 0 : 1;
        }
        return failures;
    }

    /** Every output line of every instance (ended ones included) containing the text. */
    long countOutputLines(String text) throws IOException {
        long count = 0;
        for (Instance i : all()) {
            count += i.process().output().lines().filter(l -> l.contains(text)).count();
        }
        return count;
    }

    /** Sum of the numbers after {@code label} (e.g. {@code already_loaded=}) in every instance's output. */
    long sumOfLogged(String label) throws IOException {
        java.util.regex.Pattern number = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(label) + "(\\d+)");
        long sum = 0;
        for (Instance i : all()) {
            java.util.regex.Matcher m = number.matcher(i.process().output());
            while (m.find()) {
                sum += Long.parseLong(m.group(1));
            }
        }
        return sum;
    }

    List<Instance> all() {
        List<Instance> all = new ArrayList<>(ended);
        all.addAll(running);
        return all;
    }

    private void retire(Instance instance) {
        running.remove(instance);
        ended.add(instance);
    }

    @Override
    public void close() throws InterruptedException {
        for (Instance i : List.copyOf(running)) {
            i.process().close();
            retire(i);
        }
    }

}
