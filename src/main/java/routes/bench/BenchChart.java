package routes.bench;

import java.util.List;
import java.util.Locale;

/**
 * A self-contained SVG of one run: throughput per stage (horizontal bars, raw stages in grey, pipeline in
 * blue, scaling in green) and the latency percentiles. Written by hand: no script, no fonts to fetch.
 */
final class BenchChart {

    private static final int WIDTH = 900;
    private static final int LABEL = 210;
    private static final int BAR_HEIGHT = 18;
    private static final int GAP = 6;

    private BenchChart() {
    }

    static String svg(BenchReport report) {
        List<StageResult> stages = report.stages();
        double maxEps = stages.stream().mapToDouble(StageResult::eventsPerSecond).max().orElse(1);
        int throughputHeight = 40 + stages.size() * (BAR_HEIGHT + GAP);
        LatencyResult lat = report.latency();
        double[] values = {lat.p50(), lat.p95(), lat.p99(), lat.max()};
        String[] names = {"p50", "p95", "p99", "max"};
        double maxMs = 1;
        for (double v : values) {
            maxMs = Double.isNaN(v) ? maxMs : Math.max(maxMs, v);
        }
        int height = throughputHeight + 60 + values.length * (BAR_HEIGHT + GAP) + 20;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append("<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">Throughput per stage (events/s)</text>\n");
        int y = 40;
        for (StageResult s : stages) {
            bar(svg, y, s.group() + " · " + s.name(), s.eventsPerSecond(), maxEps, color(s.group()),
                    String.format(Locale.ROOT, "%,.0f/s", s.eventsPerSecond()));
            y += BAR_HEIGHT + GAP;
        }
        y += 30;
        svg.append(String.format(Locale.ROOT,
                "<text x=\"10\" y=\"%d\" font-size=\"15\" font-weight=\"bold\">End-to-end latency at %,d events/s (ms, produce → row visible)</text>%n",
                y - 8, lat.rate()));
        y += 10;
        for (int i = 0; i < values.length; i++) {
            double v = Double.isNaN(values[i]) ? 0 : values[i];
            bar(svg, y, names[i], v, maxMs, "#d9822b", String.format(Locale.ROOT, "%,.0f ms", v));
            y += BAR_HEIGHT + GAP;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void bar(StringBuilder svg, int y, String label, double value, double max, String fill, String text) {
        double width = max <= 0 ? 0 : (WIDTH - LABEL - 120) * value / max;
        svg.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                        + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>"
                        + "<text x=\"%.1f\" y=\"%d\">%s</text>%n",
                LABEL - 8, y + 13, escape(label), LABEL, y, width, BAR_HEIGHT, fill, LABEL + width + 6, y + 13, escape(text)));
    }

    private static String color(String group) {
        return switch (group) {
            case "raw" -> "#8a8a8a";
            case "scaling" -> "#3a9a5b";
            default -> "#2b6cb0";
        };
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
