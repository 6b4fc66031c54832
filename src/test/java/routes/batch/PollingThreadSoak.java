package routes.batch;

import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedProcessorMBean;
import org.apache.camel.processor.aggregate.AggregateProcessor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import routes.PipelineRuntime;
import routes.RoutesFile;
import routes.config.Setting;
import routes.testing.EmbeddedServices;
import routes.testing.TestEvents;
import routes.testing.TestPipelines;
import routes.testing.TestPipelines.Namespace;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * A measurement, not a test of behaviour: how much CPU the batcher's polling threads spend per event, with one
 * and with two consumer threads ({@code pipeline.kafka.consumers}), metrics on as in production, over the bench's
 * shape (1,000 keys, 6 partitions, 20 s batches). Each run is a fresh consumer group re-reading topic A. Prints,
 * per run, "routed" (every event admitted and aggregated: the polling threads' own pace) and "durable" (every
 * offset committed), the process CPU (embedded broker and S3 server included, as in the bench) and the polling
 * threads' CPU, both in ms per 1,000 events over the routed part. Not part of {@code mvn verify}; run it with
 * {@code mvn -B verify -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=PollingThreadSoak}
 * (add {@code -DargLine=-XX:StartFlightRecording=filename=x.jfr,settings=profile} for a profile).
 * <p>An A/B of Camel settings runs in one JVM, the variants alternating within each round so that a busy machine
 * weighs on both alike: {@code -Dpolling.soak.variants="base;pooled:camel.main.exchangeFactory=pooled"} (variants
 * separated by {@code ;}, each {@code label:key=value,key=value}), {@code -Dpolling.soak.consumers=1}, and
 * {@code -Dpolling.soak.force-completion=true} so that "durable" does not include the last 20 s batch-age wait. The
 * pair {@code step-statistics=on} in a variant turns batcher-consume's per-step JMX statistics back on.
 */
@Tag("soak")
@ExtendWith(EmbeddedServices.class)
class PollingThreadSoak {

    private static final int EVENTS = Integer.getInteger("polling.soak.events", 300_000);
    private static final int KEYS = Integer.getInteger("polling.soak.keys", 1000);
    private static final int ROUNDS = Integer.getInteger("polling.soak.rounds", 2);
    private static final int PARTITIONS = 6;
    private static final String VARIANTS = System.getProperty("polling.soak.variants", "base");
    private static final String CONSUMERS = System.getProperty("polling.soak.consumers", "1,2");
    /** A variant's pair that turns the per-step statistics of batcher-consume back on (the default before). */
    private static final String STEP_STATISTICS_ON = "step-statistics=on";
    /** Once every event is routed, complete the open batches at once (as the bench does) instead of waiting their age. */
    private static final boolean FORCE_COMPLETION = Boolean.getBoolean("polling.soak.force-completion");

    @Test
    void pollingThreadCpuPerEventWithOneAndTwoConsumers() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(PARTITIONS);
        for (int from = 0; from < EVENTS; from += 50_000) {
            List<byte[]> chunk = new ArrayList<>();
            for (int i = from; i < Math.min(EVENTS, from + 50_000); i++) {
                chunk.add(TestEvents.event(i, KEYS));
            }
            EmbeddedServices.produce(ns.events(), chunk);
        }
        Map<Integer, Long> ends = EmbeddedServices.endOffsets(ns.events());
        List<String> lines = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (String consumers : CONSUMERS.split(",")) {
                for (String variant : VARIANTS.split(";")) {
                    lines.add(run(ns, round, Integer.parseInt(consumers.trim()), variant.trim(), ends));
                }
            }
        }
        System.out.println("---- polling threads, " + EVENTS + " events, " + KEYS + " keys, batcher only ----");
        lines.forEach(System.out::println);
    }

    private static String run(Namespace ns, int round, int consumers, String variant, Map<Integer, Long> ends)
            throws Exception {
        String label = variant.contains(":") ? variant.substring(0, variant.indexOf(':')) : variant;
        String group = ns.batcherGroup() + "-" + round + "-c" + consumers + "-" + label;
        var builder = TestPipelines.settings(ns).set(Setting.ROLE_LOADER, "false")
                .set(Setting.KAFKA_GROUP_BATCHER, group)
                .set(Setting.KAFKA_CONSUMERS, Integer.toString(consumers))
                .set(Setting.BATCH_MAX_AGE_MS, "20000");
        boolean stepStatistics = false;
        if (variant.contains(":")) {
            for (String pair : variant.substring(variant.indexOf(':') + 1).split(",")) {
                if (pair.trim().equals(STEP_STATISTICS_ON)) {
                    stepStatistics = true;
                } else if (!pair.isBlank()) {
                    builder.set(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1).trim());
                }
            }
        }
        var settings = builder.build();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (PipelineRuntime runtime = PipelineRuntime.start(settings)) {
            if (stepStatistics) {
                stepStatisticsBackOn(runtime.camelContext());
            }
            long cpuStart = os.getProcessCpuTime();
            Map<String, Long> groupsStart = ThreadGroupsCpu.byGroup();
            long pollingStart = pollingThreadsCpuNanos(ns.events());
            long start = System.nanoTime();
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50)).until(() -> routedAll(runtime, ends));
            long routed = System.nanoTime() - start;
            double cpuPer1k = (os.getProcessCpuTime() - cpuStart) / 1e6 / (EVENTS / 1000.0);
            double pollingPer1k = (pollingThreadsCpuNanos(ns.events()) - pollingStart) / 1e6 / (EVENTS / 1000.0);
            if (FORCE_COMPLETION) {
                runtime.camelContext().getProcessor(RoutesFile.BATCH_AGGREGATOR, AggregateProcessor.class)
                        .forceCompletionOfAllGroups();
            }
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50)).until(() -> TestPipelines.caughtUp(group, ns.events()));
            long durable = System.nanoTime() - start;
            double durableCpuPer1k = (os.getProcessCpuTime() - cpuStart) / 1e6 / (EVENTS / 1000.0);
            String groups = ThreadGroupsCpu.perThousand(groupsStart, ThreadGroupsCpu.byGroup(), EVENTS);
            return String.format("%-10s consumers=%d round=%d routed %6d ms (%,7.0f events/s)  durable %6d ms (%,7.0f events/s)"
                            + "  process CPU %5.1f ms/1k  polling threads CPU %5.1f ms/1k  to durable: process CPU %5.1f ms/1k"
                            + "  load %.2f  threads (ms/1k) %s",
                    label, consumers, round, routed / 1_000_000, EVENTS / (routed / 1e9), durable / 1_000_000,
                    EVENTS / (durable / 1e9), cpuPer1k, pollingPer1k, durableCpuPer1k, os.getSystemLoadAverage(), groups);
        }
    }

    /** The A/B's "before": per-step statistics on batcher-consume as Camel keeps them by default (PerEventStepStatistics). */
    private static void stepStatisticsBackOn(CamelContext context) throws Exception {
        ManagedCamelContext managed = context.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        for (String id : managed.getManagedRoute("batcher-consume").processorIds()) {
            ManagedProcessorMBean step = managed.getManagedProcessor(id);
            if (step != null) {
                step.setStatisticsEnabled(true);
            }
        }
    }

    /** CPU time of the live threads camel-kafka polls topic A on (their names carry {@code KafkaConsumer[topic]}). */
    private static long pollingThreadsCpuNanos(String topic) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("KafkaConsumer[" + topic + "]")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static boolean routedAll(PipelineRuntime runtime, Map<Integer, Long> ends) {
        var snapshot = runtime.beans().batcherWatermarks().snapshot();
        return ends.entrySet().stream().allMatch(end -> snapshot.entrySet().stream()
                .anyMatch(e -> e.getKey().partition() == end.getKey() && e.getValue()[0] >= end.getValue() - 1));
    }
}
