package routes.batch;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * For soaks: the CPU time of the live threads, summed by what they are (the thread's name with its numbers and
 * topic names folded), so that a run can say how much of the process's CPU the batcher's own threads (polling,
 * batch writers, producers) spent and how much the embedded broker and S3 server did. Threads that ended between
 * two readings are lost, which the soaks' long-lived pools make negligible.
 */
final class ThreadGroupsCpu {

    private ThreadGroupsCpu() {
    }

    static Map<String, Long> byGroup() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> groups = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu > 0) {
                    groups.merge(group(info.getThreadName()), cpu, Long::sum);
                }
            }
        }
        jvmOwnThreads(groups);
        return groups;
    }

    /**
     * The JVM's own threads (garbage collector, JIT compilers, VM thread) are not Java threads, so the thread bean
     * does not list them; on Linux /proc/self/task has them, by their native names, in clock ticks (10 ms).
     */
    private static void jvmOwnThreads(Map<String, Long> groups) {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return;
        }
        try (var dirs = Files.list(tasks)) {
            dirs.forEach(task -> {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    String group = name.startsWith("GC Thread") || name.startsWith("G1 ") ? "jvm-gc"
                            : name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") ? "jvm-jit"
                            : name.equals("VM Thread") ? "jvm-vm-thread" : null;
                    if (group != null) {
                        String stat = Files.readString(task.resolve("stat"));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                        groups.merge(group, ticks * 10_000_000L, Long::sum);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read
                }
            });
        } catch (IOException e) {
            // no /proc: leave the JVM's own threads out
        }
    }

    /** The groups' CPU between two readings in ms per 1,000 events, largest first, those under 0.1 left out. */
    static String perThousand(Map<String, Long> before, Map<String, Long> after, int events) {
        Map<String, Double> delta = new TreeMap<>();
        after.forEach((group, cpu) -> delta.put(group, (cpu - before.getOrDefault(group, 0L)) / 1e6 / (events / 1000.0)));
        return delta.entrySet().stream().filter(e -> e.getValue() >= 0.1)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format("%s=%.1f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(" "));
    }

    static String group(String threadName) {
        if (threadName.contains("KafkaConsumer[")) {
            return "polling";
        }
        if (threadName.endsWith(" - Aggregator")) {
            return "batch-writers"; // batchWriterPool, the aggregator's executorService, names its threads so
        }
        if (threadName.endsWith(" - KafkaProducer")) {
            return "camel-kafka-producer";
        }
        if (threadName.startsWith("kafka-producer-network-thread")) {
            return "kafka-producer";
        }
        return threadName.replaceAll("\\[[^]]*]", "").replaceAll("[0-9]+", "#").replaceAll("\\s+", " ").trim();
    }
}
