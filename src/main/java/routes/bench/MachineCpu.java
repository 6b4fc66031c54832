package routes.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's CPU use between two readings of {@code /proc/stat}'s first line: every process, PostgreSQL
 * included, which the process CPU of the bench's table leaves out. A latency mode that finds the machine busy all the
 * time it produces is measuring queues behind the CPU, not the pipeline's own waits. Linux only; elsewhere NaN.
 *
 * @param busyTicks  user + nice + system + irq + softirq + steal, in USER_HZ ticks
 * @param totalTicks busyTicks + idle + iowait
 */
record MachineCpu(long busyTicks, long totalTicks) {

    private static final Path STAT = Path.of("/proc/stat");

    static MachineCpu now() {
        try {
            return parse(Files.readAllLines(STAT).get(0));
        } catch (IOException | RuntimeException e) {
            return new MachineCpu(0, 0);
        }
    }

    /** {@code cpu  user nice system idle iowait irq softirq steal …} (guest times are inside user already). */
    static MachineCpu parse(String line) {
        String[] f = line.trim().split("\\s+");
        if (!"cpu".equals(f[0]) || f.length < 9) {
            throw new IllegalArgumentException("not /proc/stat's cpu line: " + line);
        }
        long busy = 0;
        for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
            busy += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new MachineCpu(busy, busy + idle);
    }

    /** Busy share of all cores since {@code start}, as a percentage of one core (2 cores fully busy = 200). */
    double percentSince(MachineCpu start, int cores) {
        long total = totalTicks - start.totalTicks;
        return total <= 0 || start.totalTicks == 0 ? Double.NaN : 100.0 * cores * (busyTicks - start.busyTicks) / total;
    }
}
