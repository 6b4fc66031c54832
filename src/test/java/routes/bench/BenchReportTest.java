package routes.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BenchReportTest {

    private static StageResult stage(String group, String name, long events, double seconds) {
        return new StageResult(group, name, events, events * 350, seconds, 150, 0, 900, 400, 200, "");
    }

    private static final LatencyResult LATENCY = new LatencyResult(10_000, 300_000, 3_100, 6_200, 7_049.6, 8_000,
            5_000, 9_000, Map.of("batching wait", "0 to 5000 ms"));
    private static final LatencyResult SHORT_LATENCY = new LatencyResult(10_000, 300_000, 3_300, 5_100, 6_420.4, 7_000,
            4_000, 7_500, Map.of("batching wait", "0 to 5000 ms"));

    private static BenchReport report(List<StageResult> stages) {
        return new BenchReport(Map.of("events", "1,000"), stages, LATENCY, SHORT_LATENCY, 1_234.4);
    }

    @Test
    void lastLineNamesTheSlowestRawStageAndDividesEndToEndByIt() {
        BenchReport report = report(List.of(
                stage("raw", "kafka produce", 1_000_000, 5),      // 200,000/s
                stage("raw", "postgres copy", 1_000_000, 12.5),   //  80,000/s  (slowest raw)
                stage("raw", "gzip", 1_000_000, 2),
                stage("pipeline", "batcher", 1_000_000, 20),      //  50,000/s, not a raw stage
                stage("pipeline", BenchReport.END_TO_END, 1_000_000, 25)));  // 40,000/s

        assertThat(report.bottleneck()).map(StageResult::name).contains("postgres copy");
        assertThat(report.ratio()).isEqualTo(0.5);
        assertThat(report.lastLine()).isEqualTo(
                "bench: pipeline=40000 bottleneck_stage=postgres_copy bottleneck_eps=80000 ratio=0.50 p99_ms=7050 p99_short_ms=6420 peak_rss_mb=1234");
    }

    @Test
    void theLoadersOwnWarehouseWorkIsNeverTheBottleneckEvenWhenItIsTheSlowestRawStage() {
        BenchReport report = report(List.of(
                stage("raw", "kafka consume", 1_000_000, 5),                          // 200,000/s
                stage("raw", BenchReport.RAW_POSTGRES_COPY, 1_000_000, 12.5),         //  80,000/s
                stage("raw", BenchReport.RAW_POSTGRES_LOAD, 1_000_000, 25),           //  40,000/s, slowest, not a candidate
                stage("pipeline", BenchReport.END_TO_END, 1_000_000, 25)));           //  40,000/s

        assertThat(report.bottleneck()).map(StageResult::name).contains(BenchReport.RAW_POSTGRES_COPY);
        assertThat(report.ratio()).isEqualTo(0.5);
        assertThat(report.lastLine()).contains("bottleneck_stage=postgres_copy bottleneck_eps=80000 ratio=0.50");
    }

    @Test
    void aRunWithOnlyTheLoadersWarehouseWorkHasNoBottleneck() {
        BenchReport report = report(List.of(stage("raw", BenchReport.RAW_POSTGRES_LOAD, 1_000, 1),
                stage("pipeline", BenchReport.END_TO_END, 500, 1)));

        assertThat(report.bottleneck()).isEmpty();
        assertThat(report.lastLine()).contains("bottleneck_stage=none bottleneck_eps=0 ratio=0.00");
    }

    @Test
    void theLoaderIsComparedWithRawCopyAndWithItsOwnWarehouseWork() throws Exception {
        BenchReport report = report(List.of(
                stage("pipeline", BenchReport.LOADER, 1_000_000, 40),                 //  25,000/s
                stage("raw", BenchReport.RAW_POSTGRES_COPY, 1_000_000, 12.5),         //  80,000/s
                stage("raw", BenchReport.RAW_POSTGRES_LOAD, 1_000_000, 20)));         //  50,000/s

        assertThat(report.loaderOverRawCopy()).isCloseTo(0.3125, within(1e-9));
        assertThat(report.loaderOverRawLoad()).isCloseTo(0.5, within(1e-9));
        assertThat(report.rawLoadOverRawCopy()).isCloseTo(0.625, within(1e-9));
        assertThat(report.markdown()).contains("| loader ÷ raw postgres copy | 0.31 |",
                "| loader ÷ raw postgres load (its own warehouse work) | 0.50 |",
                "| raw postgres load ÷ raw postgres copy | 0.63 |");
        assertThat(report.markdown().indexOf("| loader ÷ raw postgres copy |"))
                .as("right after the bottleneck line").isGreaterThan(report.markdown().indexOf("Bottleneck (slowest raw stage)"));
        assertThat(report.json()).contains("\"loader_over_raw_copy\" : 0.31", "\"loader_over_raw_load\" : 0.5",
                "\"raw_load_over_raw_copy\" : 0.63");
    }

    @Test
    void theLoadersRatiosAreMissingRatherThanMadeUpWithoutTheirStages() throws Exception {
        BenchReport report = report(List.of(stage("pipeline", BenchReport.LOADER, 1_000, 1),
                stage("raw", BenchReport.RAW_POSTGRES_COPY, 0, 0)));

        assertThat(report.loaderOverRawCopy()).isNaN();
        assertThat(report.loaderOverRawLoad()).isNaN();
        assertThat(report.markdown()).contains("| loader ÷ raw postgres load (its own warehouse work) | n/a |");
        assertThat(report.json()).contains("\"loader_over_raw_copy\" : null", "\"loader_over_raw_load\" : null");
    }

    @Test
    void lastLineMatchesTheDocumentedShape() {
        String line = report(List.of(stage("raw", "s3 put", 3, 7), stage("pipeline", BenchReport.END_TO_END, 2, 7))).lastLine();

        assertThat(line).matches("bench: pipeline=\\d+ bottleneck_stage=\\S+ bottleneck_eps=\\d+ ratio=\\d+\\.\\d{2} p99_ms=\\d+ p99_short_ms=\\d+ peak_rss_mb=\\d+");
        assertThat(line).contains("ratio=0.67");
    }

    @Test
    void ratioIsZeroWithoutAnEndToEndRunOrARawStage() {
        assertThat(report(List.of(stage("raw", "gzip", 10, 1))).ratio()).isZero();
        assertThat(report(List.of(stage("pipeline", BenchReport.END_TO_END, 10, 1))).ratio()).isZero();
        assertThat(report(List.of(stage("pipeline", BenchReport.END_TO_END, 10, 1))).lastLine())
                .contains("bottleneck_stage=none bottleneck_eps=0 ratio=0.00");
    }

    @Test
    void emptyRawStagesAreNotTheBottleneck() {
        BenchReport report = report(List.of(stage("raw", "s3 put", 0, 0), stage("raw", "gzip", 100, 1),
                stage("pipeline", BenchReport.END_TO_END, 50, 1)));

        assertThat(report.bottleneck()).map(StageResult::name).contains("gzip");
    }

    @Test
    void missingLatencyPrintsNaNRatherThanAMadeUpNumber() {
        BenchReport report = new BenchReport(Map.of(), List.of(stage("raw", "gzip", 100, 1)), LatencyResult.none(), 10);

        assertThat(report.lastLine()).contains("p99_ms=NaN p99_short_ms=NaN");
    }

    @Test
    void markdownAndJsonCarryEveryStageAndTheLastLine() throws Exception {
        BenchReport report = report(List.of(stage("raw", "gzip", 100, 1), stage("pipeline", BenchReport.END_TO_END, 50, 1)));

        assertThat(report.markdown()).contains("| raw | gzip | 100 | 100 |", "| pipeline | end to end | 50 | 50 |", "p99 7050 ms",
                "Short-window latency at 10,000 events/s (300,000 events), produce → row visible: p50 3300 ms");
        assertThat(report.json()).contains("\"stage\" : \"gzip\"", "\"ratio\" : 0.5", "\"latency_short\" : {", "\"last_line\" : \"bench: pipeline=50");
        assertThat(BenchChart.html(report)).startsWith("<!DOCTYPE html>").contains("pipeline · end to end")
                .contains("data-chart=").contains("PipelineCharts.drawAll()").doesNotContain("https://cdn");
    }

    @Test
    void eachStageSaysHowMuchOfItsCpuPerEventTheJitCompilerSpent() throws Exception {
        // 10 s at 150 % CPU of which 60 % JIT, 1,000,000 events: 15 CPU-ms per 1k events, 6 of them compiling
        BenchReport report = report(List.of(new StageResult("pipeline", "batcher", 1_000_000, 350_000_000, 10, 150, 60,
                900, 400, 200, "")));

        assertThat(report.markdown()).contains("| CPU ms / 1k events | of which JIT |", "| 150 | 15.0 | 6.0 |");
        assertThat(report.json()).contains("\"cpu_ms_per_1k_events\" : 15.0", "\"jit_cpu_ms_per_1k_events\" : 6.0");
    }
}
