package routes.chaos;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import routes.chaos.PipelineFleet.Role;
import routes.config.Setting;
import routes.testing.EmbeddedServices;
import routes.testing.TestEvents;
import routes.testing.TestPipelines;
import routes.testing.TestPipelines.Namespace;
import routes.testing.Warehouse;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scaling during a run: batchers and loaders go 1 → 3 → 1 (child processes) while events keep arriving;
 * instances leave by SIGTERM, one loader by kill -9. Every rebalance revokes partitions with open groups
 * and open load cycles; afterwards every event is in the table exactly once.
 */
@Tag("chaos")
@ExtendWith(EmbeddedServices.class)
class RebalanceIT {

    private static final int EVENTS = Integer.getInteger("chaos.rebalance.events", 60_000);
    private static final int KEYS = 10;

    @Test
    void scalingOneToThreeToOneWhileEventsArriveLosesAndDoublesNothing() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(6);
        int gracefulExitFailures = 0;
        try (PipelineFleet fleet = new PipelineFleet(ns, Map.of(Setting.BATCH_MAX_AGE_MS, "1500",
                Setting.LOAD_WINDOW_MS, "1000"));
             PacedEventProducer producer = new PacedEventProducer(ns.events(), EVENTS, KEYS, Duration.ofSeconds(45))) {
            fleet.start(Role.batcher);
            fleet.start(Role.loader);
            producer.start();
            awaitSent(producer, EVENTS / 6);
            for (int i = 0; i < 2; i++) {
                fleet.start(Role.batcher);
                fleet.start(Role.loader);
            }
            awaitSent(producer, EVENTS / 2);
            // 3 → 1: the two newest batchers leave politely, one loader crashes and one leaves politely
            gracefulExitFailures += fleet.stop(fleet.running(Role.batcher).get(2));
            fleet.kill(fleet.running(Role.loader).get(1));
            awaitSent(producer, EVENTS * 3 / 4);
            gracefulExitFailures += fleet.stop(fleet.running(Role.batcher).get(1));
            gracefulExitFailures += fleet.stop(fleet.running(Role.loader).get(1));
            assertThat(fleet.running(Role.batcher)).hasSize(1);
            assertThat(fleet.running(Role.loader)).hasSize(1);

            producer.awaitSent(Duration.ofMinutes(5));
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    Warehouse.rows(ns.table()) >= EVENTS
                            && TestPipelines.caughtUp(ns.batcherGroup(), ns.events())
                            && TestPipelines.caughtUp(ns.loaderGroup(), ns.batches()));
            assertThat(fleet.stopAll()).isZero();
        }
        assertThat(gracefulExitFailures).as("sum of exit codes of the SIGTERM stops").isZero();
        System.out.println("REBALANCE events=" + EVENTS + " " + ExactlyOnce.verify(ns, EVENTS, KEYS));
    }

    /**
     * One 1 → 2 batcher scale step while events keep arriving, with records keyed by event key (one partition per
     * key), once with the eager range assignor and once with the cooperative sticky one: the groups the revocation
     * completed are counted (each instance logs them), and exactly-once holds in both. Eager revokes every partition,
     * so every open group is completed; cooperative revokes only the partitions that move to the new batcher, so at
     * most the groups of the keys on those partitions are. Unkeyed records (CONTRACT.md allows them) spread every key
     * over every partition, so there every open group holds a moved partition's records: the figure is printed too.
     */
    @Test
    void aOneToTwoScaleStepCompletesOnlyTheMovedPartitionsGroupsWithTheCooperativeAssignor() throws Exception {
        ScaleStep eager = scaleStep(Setting.EAGER_RANGE, true);
        ScaleStep cooperative = scaleStep(Setting.COOPERATIVE_STICKY, true);
        ScaleStep cooperativeUnkeyed = scaleStep(Setting.COOPERATIVE_STICKY, false);
        System.out.println("REBALANCE-FLUSH keys=" + KEYS + " partitions=" + STEP_PARTITIONS + " eager=" + eager.flushed()
                + " cooperative=" + cooperative.flushed() + " (keys on the moved partitions: " + cooperative.keysMoved()
                + ") cooperative_unkeyed_records=" + cooperativeUnkeyed.flushed());
        assertThat(cooperative.keysMoved()).as("the new batcher took partitions holding keys").isPositive();
        assertThat(cooperative.flushed()).as("cooperative: the moved partitions' groups only")
                .isPositive().isLessThanOrEqualTo(cooperative.keysMoved());
        assertThat(eager.flushed()).as("eager: every open group").isGreaterThan(cooperative.flushed());
    }

    private static final int STEP_PARTITIONS = 6;

    /** Groups the scale step's revocations completed, and how many keys hash to the partitions that moved. */
    private record ScaleStep(long flushed, long keysMoved) {
    }

    private static ScaleStep scaleStep(String assignor, boolean keyed) throws Exception {
        int events = 6_000;
        Namespace ns = Namespace.random();
        ns.createTopics(STEP_PARTITIONS);
        ScaleStep step;
        // batches are due by age long after the step, so every key has an open group when the second batcher joins
        try (PipelineFleet fleet = new PipelineFleet(ns, Map.of(Setting.BATCH_MAX_AGE_MS, "20000",
                Setting.LOAD_WINDOW_MS, "1000", Setting.KAFKA_PARTITION_ASSIGNOR, assignor));
             PacedEventProducer producer = new PacedEventProducer(ns.events(), events, KEYS, Duration.ofSeconds(40), keyed)) {
            PipelineFleet.Instance first = fleet.start(Role.batcher);
            fleet.start(Role.loader);
            awaitAssigned(first);
            producer.start();
            awaitSent(producer, events / 8);
            PipelineFleet.Instance second = fleet.start(Role.batcher);
            awaitAssigned(second);
            step = new ScaleStep(fleet.sumOfLogged("flushed_groups="), keysOn(assignedPartitions(second)));
            producer.awaitSent(Duration.ofMinutes(5));
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    TestPipelines.drained(ns, events));
            assertThat(fleet.stopAll()).isZero();
        }
        System.out.println("REBALANCE-FLUSH assignor=" + assignor + " keyed=" + keyed + " flushed_groups=" + step.flushed()
                + " " + ExactlyOnce.verify(ns, events, KEYS));
        return step;
    }

    /** The partitions of the instance's first non-empty assignment (its log line "assigned [topic-0, topic-3]"). */
    private static java.util.Set<Integer> assignedPartitions(PipelineFleet.Instance instance) throws java.io.IOException {
        String line = instance.process().output().lines().filter(l -> l.contains("assigned [")).findFirst().orElseThrow();
        java.util.Set<Integer> partitions = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-(\\d+)[,\\]]").matcher(line.substring(line.indexOf("assigned [")));
        while (m.find()) {
            partitions.add(Integer.parseInt(m.group(1)));
        }
        return partitions;
    }

    /** How many test keys the producer's default partitioner puts on these partitions (murmur2 of the key, as Kafka). */
    private static long keysOn(java.util.Set<Integer> partitions) {
        return java.util.stream.IntStream.range(0, KEYS).filter(i -> partitions.contains(
                org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                        TestEvents.key(i, KEYS).getBytes(java.nio.charset.StandardCharsets.UTF_8))) % STEP_PARTITIONS)).count();
    }

    /** The instance owns partitions (its consumer logs each non-empty assignment). */
    private static void awaitAssigned(PipelineFleet.Instance instance) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() ->
                instance.process().output().lines().anyMatch(l -> l.contains("assigned [")));
    }

    private static void awaitSent(PacedEventProducer producer, int count) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> producer.sent() >= count);
    }
}
