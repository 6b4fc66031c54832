package routes.bench;

/**
 * One measured stage: how many events (and bytes) it moved in how much wall time, and what the process
 * spent meanwhile. {@code cpuPercent} is process CPU time over wall time (100 = one core busy; this JVM
 * also hosts the embedded Kafka broker and S3 server, PostgreSQL is a separate process and not counted).
 *
 * @param group       {@code raw}, {@code pipeline} or {@code scaling}
 * @param jitCpuPercent the JIT compiler threads' part of {@code cpuPercent}: a phase that runs code this JVM has not
 *                    run yet pays for compiling it, which a long-running process does once
 * @param peakHeapMb  highest heap in use seen by sampling (garbage included)
 * @param liveHeapMb  highest heap in use right after a garbage collection (what the stage really holds)
 * @param note        what exactly was timed, in a few words
 */
public record StageResult(String group, String name, long events, long bytes, double seconds, double cpuPercent,
                          double jitCpuPercent, double peakRssMb, double peakHeapMb, double liveHeapMb, String note) {

    public double eventsPerSecond() {
        return seconds <= 0 ? 0 : events / seconds;
    }

    /** Megabytes (10^6 bytes) per second. */
    public double megabytesPerSecond() {
        return seconds <= 0 ? 0 : bytes / 1e6 / seconds;
    }

    /** Process CPU milliseconds spent per thousand events: the cost that scaling must keep flat. */
    public double cpuMsPerThousandEvents() {
        return events == 0 ? 0 : cpuPercent / 100.0 * seconds * 1000.0 / (events / 1000.0);
    }

    /** The JIT compiler threads' part of {@link #cpuMsPerThousandEvents()}. */
    public double jitCpuMsPerThousandEvents() {
        return events == 0 ? 0 : jitCpuPercent / 100.0 * seconds * 1000.0 / (events / 1000.0);
    }

    static StageResult of(String group, String name, long events, long bytes, double seconds,
                          ResourceSampler.Sample sample, String note) {
        return new StageResult(group, name, events, bytes, seconds, sample.cpuPercent(), sample.jitCpuPercent(), sample.peakRssMb(),
                sample.peakHeapMb(), sample.liveHeapMb(), note);
    }
}
