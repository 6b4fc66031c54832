package routes.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PerCoreFiguresTest {

    /** events in seconds, the process busy at cpuPercent (100 = one core). */
    private static StageResult stage(String name, long events, double seconds, double cpuPercent) {
        return new StageResult("pipeline", name, events, events * 350, seconds, cpuPercent, 0, 900, 400, 200, "");
    }

    // 1,000,000 events in 25 s = 40,000 events/s on 1.6 cores busy: 25,000 events per core-second
    private static final StageResult BATCHER = stage("batcher", 1_000_000, 25, 160);
    private static final StageResult CONSUME = stage("kafka consume", 1_000_000, 5, 100);   // 200,000/s
    // 1,000,000 rows in 40 s = 25,000 rows/s on half a core: 50,000 rows per core-second
    private static final StageResult LOADER = stage("loader", 1_000_000, 40, 50);

    private static final PerCoreFigures FIGURES = PerCoreFigures.of(BATCHER, 2_000, 1_000, CONSUME, 6, LOADER, 80);

    @Test
    void batcherEventsPerCoreAreEventsPerSecondOverCoresBusy() {
        assertThat(FIGURES.batcherEventsPerCore()).isCloseTo(25_000, within(0.5));
    }

    @Test
    void objectsPerSecondAreCountedPerKeyPrefix() {
        assertThat(FIGURES.objectsPerSecond()).isCloseTo(80, within(1e-9));           // 2,000 objects in 25 s
        assertThat(FIGURES.objectsPerKeySecond()).isCloseTo(0.08, within(1e-9));      // over 1,000 keys
        assertThat(FIGURES.eventsPerObject()).isCloseTo(500, within(1e-9));
    }

    @Test
    void consumeRateIsSharedOverThePartitions() {
        assertThat(FIGURES.consumeEventsPerPartitionSecond()).isCloseTo(200_000 / 6.0, within(1e-6));
    }

    @Test
    void loaderFiguresGiveRowsPerCoreAndTheTablesCommitRate() {
        assertThat(FIGURES.loaderRowsPerSecond()).isCloseTo(25_000, within(1e-9));
        assertThat(FIGURES.loaderRowsPerCore()).isCloseTo(50_000, within(0.5));
        assertThat(FIGURES.loadsPerSecond()).isCloseTo(2, within(1e-9));             // 80 loads in 40 s
        assertThat(FIGURES.rowsPerLoad()).isCloseTo(12_500, within(1e-9));
    }

    @Test
    void nothingMeasuredGivesZerosRatherThanInfinities() {
        StageResult idle = stage("batcher", 0, 0, 0);
        PerCoreFigures figures = PerCoreFigures.of(idle, 0, 0, idle, 0, idle, 0);

        assertThat(figures).isEqualTo(PerCoreFigures.none());
        assertThat(figures.line()).doesNotContain("Infinity", "NaN");
    }

    @Test
    void lineNamesEveryFigureTheCapacityModelReads() {
        assertThat(FIGURES.line()).isEqualTo("bench: per_core batcher_eps_per_core=25000 objects_per_s=80"
                + " objects_per_s_per_key=0.080 events_per_object=500 consume_eps_per_partition=33333"
                + " loader_rows_per_s=25000 loader_rows_per_core=50000 loads_per_s=2.00 rows_per_load=12500");
    }

    @Test
    void reportCarriesThePerCoreFiguresInMarkdownAndJson() throws Exception {
        BenchReport report = new BenchReport(Map.of(), List.of(BATCHER, LOADER), LatencyResult.none(),
                LatencyResult.none(), 100, FIGURES);

        assertThat(report.markdown()).contains("| batcher_eps_per_core | 25000 |", "| loads_per_s | 2.00 |");
        assertThat(report.json()).contains("\"per_core\" : {", "\"batcher_eps_per_core\" : 25000", "\"loads_per_s\" : 2.00");
    }
}
