package routes.monitor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetArrivalsTest {

    @Test
    void nothingWaitsWhenTheGroupHasCommittedEverything() {
        OffsetArrivals partition = new OffsetArrivals();
        partition.read(1_000, 50, 50);
        assertThat(partition.oldestMillis(90_000)).isZero();
    }

    @Test
    void theOldestUncommittedRecordIsAsOldAsTheFirstReadingThatSawIt() {
        OffsetArrivals partition = new OffsetArrivals();
        partition.read(0, 10, 10);
        partition.read(10_000, 20, 10);
        partition.read(20_000, 30, 10);
        assertThat(partition.oldestMillis(25_000)).isEqualTo(15_000);
    }

    @Test
    void aCommitPastAReadingMovesTheOldestToTheNextOne() {
        OffsetArrivals partition = new OffsetArrivals();
        partition.read(10_000, 20, 10);
        partition.read(20_000, 30, 10);
        partition.read(30_000, 30, 25);
        assertThat(partition.oldestMillis(30_000)).isEqualTo(10_000);
    }

    @Test
    void aStalledGroupAgesWhileRecordsKeepArriving() {
        OffsetArrivals partition = new OffsetArrivals();
        for (long t = 0; t <= 600_000; t += 10_000) {
            partition.read(t, 100 + t / 1000, 100);
        }
        assertThat(partition.oldestMillis(600_000)).isEqualTo(590_000);
    }

    @Test
    void noNewRecordsAddNoReadings() {
        OffsetArrivals partition = new OffsetArrivals();
        partition.read(0, 40, 30);
        partition.read(10_000, 40, 30);
        partition.read(20_000, 40, 30);
        assertThat(partition.oldestMillis(20_000)).isEqualTo(20_000);
    }
}
