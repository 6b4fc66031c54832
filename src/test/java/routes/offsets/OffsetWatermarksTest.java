package routes.offsets;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The offset bookkeeping of the batcher and the loader, alone: what may be committed, and when. */
class OffsetWatermarksTest {

    private static final TopicPartition P0 = new TopicPartition("events", 0);
    private static final TopicPartition P1 = new TopicPartition("events", 1);

    private final OffsetWatermarks watermarks = new OffsetWatermarks("event-batcher");

    @Test
    void aPartitionThatRoutedNothingHasNothingToCommit() {
        watermarks.assigned(List.of(P0));
        assertThat(watermarks.durableOffsets(List.of(P0))).isEmpty();
    }

    @Test
    void routedRecordsThatNothingHoldsAreDurableUpToTheNextOffset() {
        watermarks.routed("events", 0, 41);
        watermarks.routed("events", 0, 40); // a late mark never moves the watermark back
        assertThat(watermarks.durableOffsets(List.of(P0))).containsExactly(Map.entry(P0, 42L));
    }

    @Test
    void aFailedRecordKeepsTheWatermarkBelowItUntilItIsRoutedEvenIfLaterRecordsAre() {
        watermarks.routed("events", 0, 9);
        watermarks.failed("events", 0, 10);
        watermarks.routed("events", 0, 11); // a consumer that went on past the failure
        assertThat(watermarks.durableOffsets(List.of(P0))).containsExactly(Map.entry(P0, 10L));

        watermarks.routed("events", 0, 10); // delivered again, and routed this time
        assertThat(watermarks.durableOffsets(List.of(P0))).containsExactly(Map.entry(P0, 12L));
    }

    @Test
    void aHoldKeepsTheWatermarkAtItsOffsetUntilReleasedAndReleasingTwiceCountsOnce() {
        OffsetWatermarks.Hold first = watermarks.hold("key", "events", 0, 10);
        OffsetWatermarks.Hold second = watermarks.hold("key", "events", 0, 10);
        watermarks.routed("events", 0, 99);
        assertThat(watermarks.durableOffsets(List.of(P0))).containsEntry(P0, 10L);

        first.release();
        first.release();
        assertThat(watermarks.durableOffsets(List.of(P0))).as("the second hold at 10 still counts").containsEntry(P0, 10L);

        second.release();
        assertThat(watermarks.durableOffsets(List.of(P0))).containsEntry(P0, 100L);
    }

    @Test
    void theLowestHoldOfAPartitionWinsAndOtherPartitionsAreNotHeldBack() {
        watermarks.hold("key", "events", 0, 30);
        OffsetWatermarks.Hold low = watermarks.hold("key", "events", 0, 20);
        watermarks.routed("events", 0, 50);
        watermarks.routed("events", 1, 7);
        assertThat(watermarks.durableOffsets(List.of(P0, P1))).containsEntry(P0, 20L).containsEntry(P1, 8L);
        low.release();
        assertThat(watermarks.durableOffsets(List.of(P0))).containsEntry(P0, 30L);
    }

    @Test
    void holdsTakenBeforeARevocationCannotMoveTheWatermarkOfTheNextAssignment() {
        OffsetWatermarks.Hold beforeRevoke = watermarks.hold("key", "events", 0, 5);
        watermarks.routed("events", 0, 9);
        watermarks.committed(P0, 5);
        watermarks.revoked(List.of(P0));
        assertThat(watermarks.committedOffsets()).doesNotContainKey(P0);

        watermarks.assigned(List.of(P0));
        OffsetWatermarks.Hold afterAssign = watermarks.hold("key", "events", 0, 12);
        watermarks.routed("events", 0, 20);
        beforeRevoke.release();
        assertThat(watermarks.durableOffsets(List.of(P0))).containsEntry(P0, 12L);
        afterAssign.release();
        assertThat(watermarks.durableOffsets(List.of(P0))).containsEntry(P0, 21L);
    }

    @Test
    void holdsTakenAndReleasedOnManyThreadsLeaveTheWatermarkAtTheRoutedEnd() throws Exception {
        watermarks.assigned(List.of(P0));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        long offset = thread * 5_000L + i;
                        OffsetWatermarks.Hold hold = watermarks.hold("key", "events", 0, offset);
                        watermarks.routed("events", 0, offset);
                        hold.release();
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(watermarks.durableOffsets(List.of(P0))).containsEntry(P0, 40_000L);
        assertThat(watermarks.snapshot().get(P0)[2]).as("open holds").isZero();
    }

    @Test
    void aUnitOfWorkHoldsEachPartitionOnceAtTheFirstOffsetItSawUntilReleased() {
        PartitionHolds batch = new PartitionHolds(watermarks, "key");
        batch.add("events", 0, 100);
        batch.add("events", 0, 101);
        batch.add("events", 1, 7);
        watermarks.routed("events", 0, 150);
        watermarks.routed("events", 1, 9);
        assertThat(watermarks.durableOffsets(List.of(P0, P1))).containsEntry(P0, 100L).containsEntry(P1, 7L);
        assertThat(watermarks.snapshot().get(P0)[2]).as("holds on partition 0").isEqualTo(1);

        batch.releaseAll();
        assertThat(watermarks.durableOffsets(List.of(P0, P1))).containsEntry(P0, 151L).containsEntry(P1, 10L);
    }

    @Test
    void theHoldersOfRevokedPartitionsAreTheGroupsWhoseRecordsOfThemAreNotDurableYet() {
        TopicPartition p2 = new TopicPartition("events", 2);
        PartitionHolds a = new PartitionHolds(watermarks, "a");
        PartitionHolds b = new PartitionHolds(watermarks, "b");
        PartitionHolds c = new PartitionHolds(watermarks, "c");
        a.add("events", 1, 0);
        b.add("events", 0, 0);
        b.add("events", 1, 1); // a group of one event key may hold records of several partitions
        c.add("events", 2, 0);

        assertThat(watermarks.holders(List.of(P1))).containsExactlyInAnyOrder("a", "b");
        assertThat(watermarks.holders(List.of(P0, p2))).containsExactlyInAnyOrder("b", "c");
        assertThat(watermarks.held(List.of(P1))).isTrue();

        a.releaseAll();
        b.releaseAll(); // written: neither holds partition 1 any more
        assertThat(watermarks.holders(List.of(P1))).isEmpty();
        assertThat(watermarks.held(List.of(P1))).isFalse();
        assertThat(watermarks.held(List.of(p2))).isTrue();
    }
}
