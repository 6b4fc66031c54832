package routes.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.OperatingSystemMXBean;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU (and the JIT compiler's part of it), resident memory and heap of this process over one phase. RSS peak is the kernel's VmHWM, reset at
 * the start of each phase through {@code /proc/self/clear_refs} (when that is not writable, VmRSS is sampled
 * instead). Heap: sampled every 50 ms, plus the largest heap left after a collection (GC notifications).
 */
final class ResourceSampler implements AutoCloseable {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    /** @param jitCpuPercent the JIT compiler threads' share of {@code cpuPercent} ({@link JvmOwnThreadsCpu}) */
    record Sample(double cpuPercent, double jitCpuPercent, double peakRssMb, double peakHeapMb, double liveHeapMb, double seconds) {
    }

    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peakHeap = new AtomicLong();
    private final AtomicLong liveHeap = new AtomicLong();
    private final AtomicLong sampledRss = new AtomicLong();
    private final NotificationListener gcListener = (notification, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            long after = info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                    .filter(u -> u != null).mapToLong(MemoryUsage::getUsed).sum();
            liveHeap.accumulateAndGet(after, Math::max);
        }
    };
    private final Thread poller;
    private volatile boolean running = true;
    private final boolean hwmReset;
    private final long startNanos = System.nanoTime();
    private final long startCpu = os.getProcessCpuTime();
    private final long startJit = JvmOwnThreadsCpu.jitNanos();

    private ResourceSampler() {
        hwmReset = resetHighWaterMark();
        gcBeans().forEach(gc -> ((NotificationEmitter) gc).addNotificationListener(gcListener, null, null));
        poller = new Thread(this::poll, "bench-sampler");
        poller.setDaemon(true);
        poller.start();
    }

    static ResourceSampler start() {
        return new ResourceSampler();
    }

    private void poll() {
        while (running) {
            peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            if (!hwmReset) {
                sampledRss.accumulateAndGet(statusKb("VmRSS:") * 1024, Math::max);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops sampling and returns the phase's figures. */
    Sample stop() {
        close();
        double wall = (System.nanoTime() - startNanos) / 1e9;
        double cpu = (os.getProcessCpuTime() - startCpu) / 1e9;
        double jit = (JvmOwnThreadsCpu.jitNanos() - startJit) / 1e9;
        long rss = hwmReset ? statusKb("VmHWM:") * 1024 : sampledRss.get();
        return new Sample(wall <= 0 ? 0 : 100.0 * cpu / wall, wall <= 0 ? 0 : 100.0 * jit / wall, rss / 1048576.0, peakHeap.get() / 1048576.0,
                liveHeap.get() / 1048576.0, wall);
    }

    /** Peak RSS of the whole process so far (VmHWM), in MiB. */
    static double processPeakRssMb() {
        return statusKb("VmHWM:") / 1024.0;
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        poller.interrupt();
        for (GarbageCollectorMXBean gc : gcBeans()) {
            try {
                ((NotificationEmitter) gc).removeNotificationListener(gcListener);
            } catch (Exception ignored) {
                // already removed
            }
        }
    }

    private static List<GarbageCollectorMXBean> gcBeans() {
        return ManagementFactory.getGarbageCollectorMXBeans();
    }

    private static boolean resetHighWaterMark() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
