package routes.chaos;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import routes.chaos.PipelineFleet.Role;
import routes.config.Setting;
import routes.testing.EmbeddedServices;
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

    private static void awaitSent(PacedEventProducer producer, int count) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> producer.sent() >= count);
    }
}
