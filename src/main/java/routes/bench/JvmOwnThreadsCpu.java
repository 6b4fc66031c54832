package routes.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of the JVM's own threads, which are not Java threads and so are missing from the thread bean: the JIT
 * compilers, the garbage collector and the VM thread. A short phase in a JVM that has not run its code yet spends a
 * large part of its process CPU compiling it (docs/performance.md, "Camel's own levers"), so a phase's CPU per event
 * is read with and without the JIT. Linux only ({@code /proc/self/task/<tid>/comm} and {@code stat}, in clock ticks
 * of 10 ms); elsewhere every figure is 0.
 */
public final class JvmOwnThreadsCpu {

    public static final String JIT = "jvm-jit";
    public static final String GC = "jvm-gc";
    public static final String VM_THREAD = "jvm-vm-thread";

    private static final Path TASKS = Path.of("/proc/self/task");
    /** USER_HZ: Linux reports thread times in 1/100 s whatever the kernel's own tick. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private JvmOwnThreadsCpu() {
    }

    /** CPU nanoseconds so far of the live JVM threads, by {@link #JIT}, {@link #GC} and {@link #VM_THREAD}. */
    public static Map<String, Long> nanosByGroup() {
        Map<String, Long> groups = new HashMap<>();
        if (!Files.isDirectory(TASKS)) {
            return groups;
        }
        try (var tasks = Files.list(TASKS)) {
            tasks.forEach(task -> {
                try {
                    String group = group(Files.readString(task.resolve("comm")).trim());
                    if (group != null) {
                        groups.merge(group, ticks(Files.readString(task.resolve("stat"))) * NANOS_PER_TICK, Long::sum);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read
                }
            });
        } catch (IOException e) {
            // /proc not readable: no figures
        }
        return groups;
    }

    /** CPU nanoseconds so far of the JIT compiler threads. */
    public static long jitNanos() {
        return nanosByGroup().getOrDefault(JIT, 0L);
    }

    static String group(String nativeName) {
        if (nativeName.startsWith("C1 CompilerThre") || nativeName.startsWith("C2 CompilerThre")) {
            return JIT;
        }
        if (nativeName.startsWith("GC Thread") || nativeName.startsWith("G1 ")) {
            return GC;
        }
        return nativeName.equals("VM Thread") ? VM_THREAD : null;
    }

    /** utime + stime, the 14th and 15th fields of a stat line (counted after the parenthesised name, which may hold spaces). */
    static long ticks(String statLine) {
        String[] fields = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
