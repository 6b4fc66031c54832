package routes.reconcile;

import routes.charts.Chart;
import routes.charts.Chart.Series;
import routes.charts.ChartHtml;
import routes.reconcile.ReconcileReport.ContentRow;
import routes.reconcile.ReconcileReport.Duplicates;
import routes.reconcile.ReconcileReport.HourSummary;
import routes.reconcile.ReconcileReport.IdSample;
import routes.reconcile.ReconcileReport.KeyHour;
import routes.reconcile.ReconcileReport.Latency;
import routes.reconcile.ReconcileReport.MinuteCount;
import routes.reconcile.ReconcileReport.Throughput;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code report.html}: one self-contained page, no network: inline CSS, and charts drawn by uPlot and charts.js
 * inlined from the jar ({@link ChartHtml}); the tables carry every figure for a reader without script.
 */
final class HtmlReport {

    private static final int MAX_KEY_HOUR_ROWS = 200;
    static final String NEW_COLOR = "#1f77b4";
    static final String LEGACY_COLOR = "#ff7f0e";
    /** p50, p95, p99 of each side: one hue per side, darker for higher percentiles. */
    private static final String[] NEW_SHADES = {"#6baed6", NEW_COLOR, "#08306b"};
    private static final String[] LEGACY_SHADES = {"#fdae6b", LEGACY_COLOR, "#8c2d04"};
    private static final String STYLE = "body{font:14px system-ui,sans-serif;margin:24px;color:#222}"
            + "h1{font-size:22px}h2{font-size:17px;margin-top:28px}table{border-collapse:collapse;margin:8px 0}"
            + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td.l,th.l{text-align:left}"
            + ".ok{color:#157f1f;font-weight:bold}.bad{color:#b00020;font-weight:bold}tr.bad td{background:#fde0e0}"
            + "code{font-size:12px}";

    private HtmlReport() {
    }

    static String render(ReconcileReport r) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>reconcile ").append(Html.escape(r.newTable())).append(" vs ")
                .append(Html.escape(r.legacyTable())).append("</title><style>").append(STYLE).append("</style>").append(ChartHtml.head()).append("</head><body>");
        h.append("<h1>").append(Html.escape(r.newTable())).append(" (new) vs ").append(Html.escape(r.legacyTable()))
                .append(" (legacy): <span class=\"").append(r.reconciled() ? "ok\">RECONCILED" : "bad\">NOT RECONCILED")
                .append("</span></h1><p>occurred_at in [").append(Html.escape(r.from())).append(", ")
                .append(Html.escape(r.to())).append(")").append(r.recheckedHours() == null ? ""
                        : ", re-check of " + r.recheckedHours().size() + " hours")
                .append(" · event keys ").append(Html.escape(r.keyPattern()))
                .append(" · ignored paths ").append(Html.escape(r.ignorePaths().isEmpty() ? "none" : String.join(", ", r.ignorePaths())))
                .append(" · generated ").append(Html.escape(r.generatedAt())).append(" in ").append(r.elapsedMs()).append(" ms</p>");
        totals(h, r);
        charts(h, r);
        hours(h, r.hours());
        samples(h, r);
        keyHours(h, r.keyHours());
        latencyAndThroughput(h, r.latency(), r.throughput());
        return h.append(ChartHtml.drawAll()).append("</body></html>\n").toString();
    }

    private static void totals(StringBuilder h, ReconcileReport r) {
        ReconcileReport.Totals t = r.totals();
        h.append("<h2>Totals</h2><table><tr><th class=\"l\"></th><th>count</th></tr>");
        row(h, "rows in new", t.newRows(), false);
        row(h, "rows in legacy", t.legacyRows(), false);
        row(h, "ids only in new (missing from legacy)", t.onlyInNew(), true);
        row(h, "ids only in legacy (missing from new)", t.onlyInLegacy(), true);
        row(h, "duplicated ids in new", t.newDuplicateIds(), true);
        row(h, "duplicated ids in legacy", t.legacyDuplicateIds(), true);
        row(h, "ids with differing content", t.contentDiffers(), true);
        h.append("</table>");
    }

    private static void row(StringBuilder h, String label, long value, boolean mustBeZero) {
        h.append(mustBeZero && value != 0 ? "<tr class=\"bad\">" : "<tr>").append("<td class=\"l\">")
                .append(Html.escape(label)).append("</td><td>").append(n(value)).append("</td></tr>");
    }

    private static void charts(StringBuilder h, ReconcileReport r) {
        List<String> hourLabels = r.hours().stream().map(x -> shortHour(x.hour())).toList();
        h.append("<h2>Rows per hour of occurred_at (shaded: does not reconcile)</h2>").append(ChartHtml.div(Chart.bars(
                "rows per hour", hourLabels, List.of(
                        new Series("new", NEW_COLOR, values(r.hours(), HourSummary::newRows), false),
                        new Series("legacy", LEGACY_COLOR, values(r.hours(), HourSummary::legacyRows), false)),
                "rows", r.hours().stream().map(x -> !x.reconciled()).toList())));
        List<String> latencyHours = r.latency().stream().map(Latency::hour).distinct().sorted().toList();
        List<Series> latency = new ArrayList<>();
        for (String side : List.of("new", "legacy")) {
            String[] colors = side.equals("new") ? NEW_SHADES : LEGACY_SHADES;
            latency.add(latencySeries(r.latency(), latencyHours, side, "p50", colors[0], Latency::p50Ms));
            latency.add(latencySeries(r.latency(), latencyHours, side, "p95", colors[1], Latency::p95Ms));
            latency.add(latencySeries(r.latency(), latencyHours, side, "p99", colors[2], Latency::p99Ms));
        }
        h.append("<h2>Load latency (loaded − occurred_at) per hour, log scale</h2>").append(ChartHtml.div(Chart.lines(
                "latency percentiles", latencyHours.stream().map(HtmlReport::shortHour).toList(), latency, true, "ms")));
        List<MinuteCount> minutes = r.loadedPerMinute();
        h.append("<h2>Rows loaded per minute of load time</h2>").append(ChartHtml.div(Chart.lines("loaded per minute",
                minutes.stream().map(m -> shortHour(m.minute())).toList(), List.of(
                        new Series("new", NEW_COLOR, values(minutes, MinuteCount::newRows), false),
                        new Series("legacy", LEGACY_COLOR, values(minutes, MinuteCount::legacyRows), true)),
                false, "rows")));
    }

    private static <T> List<Double> values(List<T> items, java.util.function.ToDoubleFunction<T> value) {
        return items.stream().map(x -> value.applyAsDouble(x)).toList();
    }

    private static Series latencySeries(List<Latency> all, List<String> hours, String side, String name, String color,
                                        java.util.function.ToDoubleFunction<Latency> value) {
        List<Double> values = new ArrayList<>();
        for (String hour : hours) {
            Optional<Latency> l = all.stream().filter(x -> x.side().equals(side) && x.hour().equals(hour)).findFirst();
            values.add(l.map(value::applyAsDouble).orElse(null));
        }
        return new Series(side + " " + name, color, values, side.equals("legacy"));
    }

    private static void hours(StringBuilder h, List<HourSummary> hours) {
        h.append("<h2>Hours</h2><table><tr><th class=\"l\">hour (UTC)</th><th class=\"l\">verdict</th><th>new rows</th>"
                + "<th>legacy rows</th><th>only in new</th><th>only in legacy</th><th>dup rows new</th>"
                + "<th>dup rows legacy</th><th>content differs</th></tr>");
        for (HourSummary x : hours) {
            h.append(x.reconciled() ? "<tr>" : "<tr class=\"bad\">").append("<td class=\"l\">").append(Html.escape(x.hour()))
                    .append("</td><td class=\"l\">").append(x.reconciled() ? "ok" : "differs").append("</td>");
            for (long v : new long[] {x.newRows(), x.legacyRows(), x.onlyInNew(), x.onlyInLegacy(),
                    x.newDuplicateRows(), x.legacyDuplicateRows(), x.contentDiffers()}) {
                h.append("<td>").append(n(v)).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>");
    }

    private static void samples(StringBuilder h, ReconcileReport r) {
        idSample(h, "Ids only in new (missing from legacy)", r.onlyInNew());
        idSample(h, "Ids only in legacy (missing from new)", r.onlyInLegacy());
        duplicates(h, "Duplicated ids in new", r.newDuplicates());
        duplicates(h, "Duplicated ids in legacy", r.legacyDuplicates());
        h.append("<h2>Content: ").append(n(r.content().ids())).append(" ids differ</h2>");
        if (!r.content().paths().isEmpty()) {
            h.append("<table><tr><th class=\"l\">field path</th><th>ids</th></tr>");
            for (Map.Entry<String, Long> e : r.content().paths().entrySet()) {
                h.append("<tr><td class=\"l\"><code>").append(Html.escape(e.getKey())).append("</code></td><td>")
                        .append(n(e.getValue())).append("</td></tr>");
            }
            h.append("</table><table><tr><th class=\"l\">id</th><th class=\"l\">event key</th><th class=\"l\">hour</th>"
                    + "<th class=\"l\">differing paths</th></tr>");
            for (ContentRow c : r.content().sample()) {
                h.append("<tr><td class=\"l\"><code>").append(Html.escape(c.id())).append("</code></td><td class=\"l\">")
                        .append(Html.escape(c.eventKey())).append("</td><td class=\"l\">").append(Html.escape(c.hour()))
                        .append("</td><td class=\"l\"><code>").append(Html.escape(String.join(", ", c.paths())))
                        .append("</code></td></tr>");
            }
            h.append("</table>");
        }
    }

    private static void idSample(StringBuilder h, String title, IdSample s) {
        h.append("<h2>").append(Html.escape(title)).append(": ").append(n(s.total())).append("</h2>");
        if (!s.sample().isEmpty()) {
            h.append("<table><tr><th class=\"l\">id</th><th class=\"l\">event key</th><th class=\"l\">occurred_at</th></tr>");
            s.sample().forEach(x -> h.append("<tr><td class=\"l\"><code>").append(Html.escape(x.id()))
                    .append("</code></td><td class=\"l\">").append(Html.escape(x.eventKey())).append("</td><td class=\"l\">")
                    .append(Html.escape(x.occurredAt())).append("</td></tr>"));
            h.append("</table>").append(s.total() > s.sample().size() ? "<p>first " + s.sample().size() + " by id</p>" : "");
        }
    }

    private static void duplicates(StringBuilder h, String title, Duplicates d) {
        h.append("<h2>").append(Html.escape(title)).append(": ").append(n(d.ids())).append(" (")
                .append(n(d.rows())).append(" extra rows)</h2>");
        if (!d.sample().isEmpty()) {
            h.append("<table><tr><th class=\"l\">id</th><th>rows</th></tr>");
            d.sample().forEach(x -> h.append("<tr><td class=\"l\"><code>").append(Html.escape(x.id()))
                    .append("</code></td><td>").append(n(x.rows())).append("</td></tr>"));
            h.append("</table>");
        }
    }

    private static void keyHours(StringBuilder h, List<KeyHour> keyHours) {
        List<KeyHour> bad = keyHours.stream().filter(k -> !k.reconciles()).toList();
        h.append("<h2>Event keys and hours that do not reconcile: ").append(n(bad.size())).append("</h2>");
        if (bad.isEmpty()) {
            return;
        }
        h.append("<table><tr><th class=\"l\">hour</th><th class=\"l\">event key</th><th>new</th><th>legacy</th>"
                + "<th>only new</th><th>only legacy</th><th>dup new</th><th>dup legacy</th><th>content</th></tr>");
        bad.stream().limit(MAX_KEY_HOUR_ROWS).forEach(k -> {
            h.append("<tr><td class=\"l\">").append(Html.escape(k.hour())).append("</td><td class=\"l\">")
                    .append(Html.escape(k.eventKey())).append("</td>");
            for (long v : new long[] {k.newRows(), k.legacyRows(), k.onlyInNew(), k.onlyInLegacy(),
                    k.newDuplicateRows(), k.legacyDuplicateRows(), k.contentDiffers()}) {
                h.append("<td>").append(n(v)).append("</td>");
            }
            h.append("</tr>");
        });
        h.append("</table>").append(bad.size() > MAX_KEY_HOUR_ROWS ? "<p>first " + MAX_KEY_HOUR_ROWS
                + " shown; report.json has all</p>" : "");
    }

    private static void latencyAndThroughput(StringBuilder h, List<Latency> latency, List<Throughput> throughput) {
        h.append("<h2>Latency per hour</h2><table><tr><th class=\"l\">hour</th><th class=\"l\">side</th><th>rows</th>"
                + "<th>p50</th><th>p95</th><th>p99</th><th>max</th></tr>");
        for (Latency l : latency) {
            h.append("<tr><td class=\"l\">").append(Html.escape(l.hour())).append("</td><td class=\"l\">")
                    .append(Html.escape(l.side())).append("</td><td>").append(n(l.rows())).append("</td>");
            for (double v : new double[] {l.p50Ms(), l.p95Ms(), l.p99Ms(), l.maxMs()}) {
                h.append("<td>").append(HumanDurations.millis(v)).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table><h2>Rows loaded per minute, per hour of load time</h2><table><tr><th class=\"l\">hour</th>"
                + "<th>new avg/min</th><th>new peak/min</th><th>legacy avg/min</th><th>legacy peak/min</th></tr>");
        for (Throughput t : throughput) {
            h.append("<tr><td class=\"l\">").append(Html.escape(t.hour())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%,.1f", t.newPerMinute())).append("</td><td>").append(n(t.newPeakPerMinute()))
                    .append("</td><td>").append(String.format(Locale.ROOT, "%,.1f", t.legacyPerMinute())).append("</td><td>")
                    .append(n(t.legacyPeakPerMinute())).append("</td></tr>");
        }
        h.append("</table>");
    }

    /** {@code 2026-11-25T03:00:00Z} → {@code 11-25 03:00}. */
    static String shortHour(String iso) {
        return iso.length() >= 16 ? iso.substring(5, 10) + " " + iso.substring(11, 16) : iso;
    }

    private static String n(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
