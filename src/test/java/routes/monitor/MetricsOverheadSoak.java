package routes.monitor;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import routes.PipelineRuntime;
import routes.config.Setting;
import routes.testing.EmbeddedServices;
import routes.testing.TestEvents;
import routes.testing.TestPipelines;
import routes.testing.TestPipelines.Namespace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * A measurement, not a test of behaviour: the batcher's throughput on the same 200,000 events with metrics
 * on (our meters, Camel's route and exchange metrics, JVM binders, Prometheus registry) and off
 * ({@code pipeline.metrics.enabled=false}: no camel-micrometer, our meters on a registry with no backend).
 * Runs alternate off/on to spread the shared machine's noise; each run is a fresh consumer group re-reading
 * topic A from offset 0. Prints "routed" (every event admitted and aggregated) and "durable" (every offset
 * committed after S3 + notification). Not part of {@code mvn verify}; run it with
 * {@code mvn -B -o verify -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=MetricsOverheadSoak}.
 */
@Tag("soak")
@ExtendWith(EmbeddedServices.class)
class MetricsOverheadSoak {

    private static final int EVENTS = Integer.getInteger("metrics.soak.events", 200_000);
    private static final int ROUNDS = Integer.getInteger("metrics.soak.rounds", 3);
    private static final int PARTITIONS = 6;

    @Test
    void batcherThroughputWithAndWithoutMetrics() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(PARTITIONS);
        for (int from = 0; from < EVENTS; from += 50_000) {
            List<byte[]> chunk = new ArrayList<>();
            for (int i = from; i < Math.min(EVENTS, from + 50_000); i++) {
                chunk.add(TestEvents.event(i, 20));
            }
            EmbeddedServices.produce(ns.events(), chunk);
        }
        Map<Integer, Long> ends = EmbeddedServices.endOffsets(ns.events());
        List<String> lines = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (boolean metrics : new boolean[] {false, true}) {
                lines.add(run(ns, round, metrics, ends));
            }
        }
        System.out.println("---- metrics overhead, " + EVENTS + " events, batcher only ----");
        lines.forEach(System.out::println);
    }

    private static String run(Namespace ns, int round, boolean metrics, Map<Integer, Long> ends) throws Exception {
        String group = ns.batcherGroup() + "-" + round + (metrics ? "-on" : "-off");
        var settings = TestPipelines.settings(ns).set(Setting.ROLE_LOADER, "false")
                .set(Setting.KAFKA_GROUP_BATCHER, group)
                .set(Setting.METRICS_ENABLED, Boolean.toString(metrics)).build();
        try (PipelineRuntime runtime = PipelineRuntime.start(settings)) {
            long start = System.nanoTime();
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50)).until(() -> routedAll(runtime, ends));
            long routed = System.nanoTime() - start;
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50)).until(() -> TestPipelines.caughtUp(group, ns.events()));
            long durable = System.nanoTime() - start;
            return String.format("metrics=%-5s round=%d routed %6d ms (%,7.0f events/s)  durable %6d ms (%,7.0f events/s)",
                    metrics, round, routed / 1_000_000, EVENTS / (routed / 1e9), durable / 1_000_000, EVENTS / (durable / 1e9));
        }
    }

    private static boolean routedAll(PipelineRuntime runtime, Map<Integer, Long> ends) {
        var snapshot = runtime.beans().batcherWatermarks().snapshot();
        return ends.entrySet().stream().allMatch(end -> snapshot.entrySet().stream()
                .anyMatch(e -> e.getKey().partition() == end.getKey() && e.getValue()[0] >= end.getValue() - 1));
    }
}
