package routes.batch;

import routes.bench.JvmOwnThreadsCpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * For soaks: the CPU time of the live threads, summed by what they are (the thread's name with its numbers and
 * topic names folded), so that a run can say how much of the process's CPU the batcher's own threads (polling,
 * batch writers, producers) spent, how much the embedded broker and S3 server did, and the JVM's own threads
 * (JIT, GC: {@link JvmOwnThreadsCpu}). Threads that ended between
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
        JvmOwnThreadsCpu.nanosByGroup().forEach((group, cpu) -> groups.merge(group, cpu, Long::sum));
        return groups;
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
