package routes.chaos;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import routes.chaos.PipelineFleet.Instance;
import routes.chaos.PipelineFleet.Role;
import routes.config.Setting;
import routes.testing.EmbeddedServices;
import routes.testing.TestPipelines;
import routes.testing.TestPipelines.Namespace;
import routes.testing.Warehouse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar as 2 batchers and 2 loaders on 6 partitions while a producer sends
 * {@code -Dchaos.events} (default 200,000) events and the test kill -9s instances at the worst moments it
 * can see from outside: right after a new object appears under the prefix (a batcher between S3 write,
 * notification and offset commit) and right after the ledger grows (a loader between its COPY transaction
 * and the commit of the notifications' offsets). Every killed instance is replaced at once.
 */
@Tag("chaos")
@ExtendWith(EmbeddedServices.class)
class ChaosIT {

    static final int EVENTS = Integer.getInteger("chaos.events", 200_000);
    static final int KEYS = 12;
    private static final int KILLS = Integer.getInteger("chaos.kills", 6);

    private enum Moment { AFTER_S3_WRITE, AFTER_COPY_BEFORE_COMMIT, ANY }

    @Test
    void killNineAtTheWorstMomentsLosesAndDoublesNothing() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(6);
        long seed = Long.getLong("chaos.seed", System.nanoTime());
        Random random = new Random(seed);
        List<String> kills = new ArrayList<>();
        long drainMillis;
        long alreadyLoaded;
        // Short windows so that a 2-core machine drains 200,000 events in the time budget with many batches.
        Map<String, String> settings = Map.of(Setting.BATCH_MAX_AGE_MS, "3000", Setting.LOAD_WINDOW_MS, "1000",
                Setting.LOAD_MAX_BATCHES, "64");
        Duration producing = Duration.ofSeconds(Math.max(40, EVENTS / 5_000));
        try (PipelineFleet fleet = new PipelineFleet(ns, settings);
             PacedEventProducer producer = new PacedEventProducer(ns.events(), EVENTS, KEYS, producing)) {
            for (Role role : List.of(Role.batcher, Role.batcher, Role.loader, Role.loader)) {
                fleet.start(role);
            }
            producer.start();
            Moment[] plan = {Moment.AFTER_S3_WRITE, Moment.AFTER_COPY_BEFORE_COMMIT, Moment.ANY};
            for (int k = 0; k < KILLS || !producer.isDone(); k++) {
                pause(random, 1_000, 4_000);
                kills.add(killOne(fleet, ns, plan[k % plan.length], random));
            }
            producer.awaitSent(Duration.ofMinutes(10));
            long drainStart = System.nanoTime();
            await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    Warehouse.rows(ns.table()) >= EVENTS
                            && TestPipelines.caughtUp(ns.batcherGroup(), ns.events())
                            && TestPipelines.caughtUp(ns.loaderGroup(), ns.batches()));
            drainMillis = (System.nanoTime() - drainStart) / 1_000_000;
            assertThat(fleet.stopAll()).as("instances that did not stop cleanly on SIGTERM").isZero();
            alreadyLoaded = fleet.sumOfLogged("already_loaded=");
        }

        ExactlyOnce.Figures figures = ExactlyOnce.verify(ns, EVENTS, KEYS);
        System.out.printf("CHAOS seed=%d events=%d kills=%d drain_ms_after_last_send=%d %s"
                        + " notifications_redelivered_to_loader_already_in_ledger=%d%n  kills: %s%n",
                seed, EVENTS, kills.size(), drainMillis, figures, alreadyLoaded, kills);
        assertThat(kills).hasSizeGreaterThanOrEqualTo(KILLS);
    }

    /** Waits for the moment, kills a matching instance with -9 and starts its replacement; says what it did. */
    private static String killOne(PipelineFleet fleet, Namespace ns, Moment moment, Random random) throws Exception {
        Role role = switch (moment) {
            case AFTER_S3_WRITE -> Role.batcher;
            case AFTER_COPY_BEFORE_COMMIT -> Role.loader;
            case ANY -> random.nextBoolean() ? Role.batcher : Role.loader;
        };
        boolean seen = switch (moment) {
            case AFTER_S3_WRITE -> grows(() -> objectCount(ns), Duration.ofMillis(100));
            case AFTER_COPY_BEFORE_COMMIT -> grows(() -> Warehouse.count("select count(*) from event_pipeline.loads"
                    + " where target_table = '" + ns.table() + "'"), Duration.ofMillis(20));
            case ANY -> true;
        };
        Instance victim = fleet.pick(role, random);
        long started = System.nanoTime();
        fleet.killAndReplace(victim);
        return victim.name() + "@" + moment + (seen ? "" : "(moment not seen in 30 s)")
                + "/" + (System.nanoTime() - started) / 1_000_000 + "ms";
    }

    /** Objects under the prefix; -1 when the listing failed (the S3 server's listing races with its own renames). */
    private static long objectCount(Namespace ns) {
        try {
            return EmbeddedServices.listObjects(ns.prefix()).size();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** True once the count rises above its first successful reading (bounded poll, 30 s in all). */
    private static boolean grows(Callable<Long> count, Duration poll) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long before = -1;
        while (System.nanoTime() < deadline) {
            long now = count.call();
            if (before < 0) {
                before = now;
            } else if (now > before) {
                return true;
            }
            Thread.sleep(poll.toMillis());
        }
        return false;
    }

    private static void pause(Random random, int minMillis, int maxMillis) {
        long millis = minMillis + random.nextInt(maxMillis - minMillis);
        await().pollDelay(Duration.ofMillis(millis)).atMost(Duration.ofMillis(millis + 1_000)).until(() -> true);
    }
}
