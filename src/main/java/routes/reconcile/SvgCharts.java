package routes.reconcile;

import java.util.List;
import java.util.Locale;

/**
 * Inline SVG charts for the HTML report: plain markup, no script, no external resource, so that the
 * report opens anywhere without a network. Labels pass through {@link Html#escape}.
 */
final class SvgCharts {

    static final String NEW_COLOR = "#1f77b4";
    static final String LEGACY_COLOR = "#ff7f0e";

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 300;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 30;
    private static final int BOTTOM = 50;

    /** A named series of values, one per x position; {@code dash} draws it dashed. */
    record Series(String name, String color, double[] values, boolean dash) {
    }

    private SvgCharts() {
    }

    /** Two bars per x label (e.g. rows per hour, new beside legacy); {@code flagged} x positions are shaded. */
    static String groupedBars(String title, List<String> labels, Series a, Series b, boolean[] flagged) {
        double max = Math.max(1, Math.max(max(a.values()), max(b.values())));
        StringBuilder svg = open(title);
        int n = Math.max(1, labels.size());
        double slot = plotWidth() / n;
        double bar = Math.max(1, slot * 0.4);
        for (int i = 0; i < labels.size(); i++) {
            double x = LEFT + i * slot;
            if (flagged[i]) {
                svg.append(String.format(Locale.ROOT, "<rect class=\"flag\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"#fde0e0\"/>",
                        x, TOP, slot, plotHeight()));
            }
            svg.append(bar(x + slot * 0.1, bar, a.values()[i], max, a.color()));
            svg.append(bar(x + slot * 0.1 + bar, bar, b.values()[i], max, b.color()));
        }
        linearAxis(svg, max);
        xLabels(svg, labels, slot);
        legend(svg, List.of(a, b));
        return svg.append("</svg>").toString();
    }

    /** Lines over x labels; {@code log} plots on a base-10 scale (for latencies from ms to hours). */
    static String lines(String title, List<String> labels, List<Series> series, boolean log, String unit) {
        double max = 1;
        double min = Double.MAX_VALUE;
        for (Series s : series) {
            max = Math.max(max, max(s.values()));
            for (double v : s.values()) {
                if (v > 0) {
                    min = Math.min(min, v);
                }
            }
        }
        double lo = log ? Math.log10(Math.max(1, Math.min(min, max))) : 0;
        double hi = log ? Math.log10(max) + 0.1 : max;
        StringBuilder svg = open(title);
        double step = labels.size() > 1 ? plotWidth() / (labels.size() - 1) : 0;
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < s.values().length; i++) {
                double v = log ? Math.log10(Math.max(1, s.values()[i])) : s.values()[i];
                double y = TOP + plotHeight() - (v - lo) / Math.max(1e-9, hi - lo) * plotHeight();
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + i * step, Math.max(TOP, y)));
            }
            svg.append("<polyline class=\"series\" fill=\"none\" stroke=\"").append(s.color())
                    .append("\" stroke-width=\"2\"").append(s.dash() ? " stroke-dasharray=\"6 4\"" : "")
                    .append(" points=\"").append(points.toString().trim()).append("\"/>");
        }
        if (log) {
            for (int e = (int) Math.floor(lo); e <= Math.ceil(hi); e++) {
                double y = TOP + plotHeight() - (e - lo) / Math.max(1e-9, hi - lo) * plotHeight();
                if (y >= TOP && y <= TOP + plotHeight()) {
                    tick(svg, y, humanMillis(Math.pow(10, e), unit));
                }
            }
            axisLines(svg);
        } else {
            linearAxis(svg, max);
        }
        xLabels(svg, labels, labels.size() > 1 ? step : plotWidth());
        legend(svg, series);
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(String title) {
        return new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " role=\"img\" aria-label=\"%s\"><text x=\"%d\" y=\"18\" class=\"title\">%s</text>",
                WIDTH, HEIGHT, WIDTH, HEIGHT, Html.escape(title), LEFT, Html.escape(title)));
    }

    private static String bar(double x, double width, double value, double max, String color) {
        double h = value / max * plotHeight();
        return String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                x, TOP + plotHeight() - h, width, h, color);
    }

    private static void linearAxis(StringBuilder svg, double max) {
        for (int i = 0; i <= 4; i++) {
            double value = max * i / 4;
            tick(svg, TOP + plotHeight() - plotHeight() * i / 4, String.format(Locale.ROOT, "%,.0f", value));
        }
        axisLines(svg);
    }

    private static void tick(StringBuilder svg, double y, String label) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                + "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%s</text>",
                LEFT, y, WIDTH - RIGHT, y, LEFT - 6, y + 4, Html.escape(label)));
    }

    private static void axisLines(StringBuilder svg) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333\"/>"
                + "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333\"/>",
                LEFT, TOP, LEFT, TOP + plotHeight(), LEFT, TOP + plotHeight(), WIDTH - RIGHT, TOP + plotHeight()));
    }

    /** At most ~12 labels, evenly spread, so that a day of hours or minutes stays readable. */
    private static void xLabels(StringBuilder svg, List<String> labels, double step) {
        int every = Math.max(1, (int) Math.ceil(labels.size() / 12.0));
        for (int i = 0; i < labels.size(); i += every) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\" text-anchor=\"middle\">%s</text>",
                    LEFT + i * step + (step > 0 && labels.size() > 1 ? 0 : step / 2), TOP + plotHeight() + 18,
                    Html.escape(labels.get(i))));
        }
    }

    private static void legend(StringBuilder svg, List<Series> series) {
        int x = LEFT;
        int y = HEIGHT - 16;
        for (Series s : series) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"%d\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\" class=\"tick\">%s</text>",
                    x, y, s.dash() ? 4 : 12, s.color(), x + 16, y + 10, Html.escape(s.name())));
            x += 160;
        }
    }

    static String humanMillis(double ms, String unit) {
        if (!"ms".equals(unit)) {
            return String.format(Locale.ROOT, "%,.0f", ms);
        }
        if (ms < 1_000) {
            return String.format(Locale.ROOT, "%.0f ms", ms);
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1_000);
        }
        if (ms < 3_600_000) {
            return String.format(Locale.ROOT, "%.1f min", ms / 60_000);
        }
        return String.format(Locale.ROOT, "%.1f h", ms / 3_600_000);
    }

    private static double max(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    private static double plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    private static double plotHeight() {
        return HEIGHT - TOP - BOTTOM;
    }
}
