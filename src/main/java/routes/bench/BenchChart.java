package routes.bench;

import routes.charts.Chart;
import routes.charts.Chart.Series;
import routes.charts.ChartHtml;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench.html}: one run's throughput per stage (horizontal bars, raw stages in grey, pipeline in blue,
 * scaling in green) and its end-to-end latency percentiles (bench windows, and short windows beside them), drawn
 * by charts.js with uPlot inlined from the jar: one file, no network.
 */
final class BenchChart {

    private static final List<String> GROUPS = List.of("raw", "pipeline", "scaling");

    private BenchChart() {
    }

    static String html(BenchReport report) {
        LatencyResult lat = report.latency();
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>bench</title>"
                + "<style>body{font:14px system-ui,sans-serif;margin:24px;color:#222}h2{font-size:17px}</style>"
                + ChartHtml.head() + "</head><body>"
                + "<h2>Throughput per stage (events/s)</h2>" + ChartHtml.div(throughput(report.stages()))
                + String.format(Locale.ROOT, "<h2>End-to-end latency at %,d events/s (produce → row visible)</h2>", lat.rate())
                + ChartHtml.div(Chart.horizontalBars("latency", List.of("p50", "p95", "p99", "max"),
                        List.of(new Series("bench windows", "#d9822b", percentiles(lat), false),
                                new Series("short windows", "#b0413e", percentiles(report.shortLatency()), false)), "ms"))
                + ChartHtml.drawAll() + "</body></html>\n";
    }

    private static List<Double> percentiles(LatencyResult lat) {
        List<Double> percentiles = new ArrayList<>();
        for (double v : new double[] {lat.p50(), lat.p95(), lat.p99(), lat.max()}) {
            percentiles.add(Double.isNaN(v) ? null : v);
        }
        return percentiles;
    }

    /** One series per group, so each bar takes its group's colour and the legend names the groups. */
    private static Chart throughput(List<StageResult> stages) {
        List<String> labels = stages.stream().map(s -> s.group() + " · " + s.name()).toList();
        List<Series> series = new ArrayList<>();
        for (String group : GROUPS) {
            List<Double> values = stages.stream().map(s -> group(s).equals(group) ? s.eventsPerSecond() : null).toList();
            if (values.stream().anyMatch(v -> v != null)) {
                series.add(new Series(group, color(group), values, false));
            }
        }
        return Chart.horizontalBars("throughput", labels, series, "events/s");
    }

    private static String group(StageResult stage) {
        return GROUPS.contains(stage.group()) ? stage.group() : "pipeline";
    }

    private static String color(String group) {
        return switch (group) {
            case "raw" -> "#8a8a8a";
            case "scaling" -> "#3a9a5b";
            default -> "#2b6cb0";
        };
    }
}
