package routes.local;

import routes.fields.FieldsText;
import routes.monitor.LoadHistory;
import routes.status.StatusReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text of `local`'s terminal panel: the banner as given, then one {@link StatusReport} as lines of at most
 * {@link #WIDTH} characters (the banner's addresses are never cut: they are what one copies).
 */
public final class StatusPanel {

    static final int WIDTH = 100;
    private static final int MAX_REASONS = 5;
    private static final int MAX_TABLES = 5;
    private static final int MAX_FIELD_CHANGES = 5;

    private StatusPanel() {
    }

    public static List<String> lines(List<String> header, StatusReport r, long warnings, String lastWarning) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        List<String> notUp = r.health().notUp();
        lines.add(String.format(Locale.ROOT, "up %s · health %s%s", duration(r.uptimeSeconds()), r.health().state(),
                notUp.isEmpty() ? "" : " (" + String.join(", ", notUp) + ")"));
        lines.add("");
        lines.add(String.format(Locale.ROOT, "  %-16s %14s %12s", "", "total", "per second"));
        lines.add(row("events in", r.totals().eventsIn(), r.rates().eventsIn()));
        lines.add(row("dropped", r.totals().dropped(), null));
        lines.add(row("dead-lettered", r.totals().deadLettered(), null));
        lines.add(row("batches", r.totals().batches(), r.rates().batches()));
        lines.add(row("rows loaded", r.totals().rowsLoaded(), r.rates().rowsLoaded()));
        lines.add(String.format(Locale.ROOT, "  %-16s batcher %s · loader %s", "lag (records)", count(r.batcherLag()), count(r.loaderLag())));
        lines.add(String.format(Locale.ROOT, "  %-16s p50 %s · p99 %s  (topic A to committed, %,d batches in the last minute)",
                "latency", seconds(r.latency().p50()), seconds(r.latency().p99()), r.latency().loadedBatches()));
        lines.add(String.format(Locale.ROOT, "  %-16s p50 %s · p99 %s  (the apps' view: occurred_at to loaded)", "",
                seconds(r.appLatency().p50()), seconds(r.appLatency().p99())));
        if (!r.deadLettersByReason().isEmpty()) {
            lines.add("");
            lines.add("  dead letters by reason");
            r.deadLettersByReason().stream().limit(MAX_REASONS).forEach(d ->
                    lines.add(String.format(Locale.ROOT, "    %-8s %-40s %,10d", d.stage(), cut(d.reason(), 40), d.count())));
        }
        lines.add("");
        lines.add("  last load per table");
        if (r.lastLoads().isEmpty()) {
            lines.add("    none yet");
        }
        r.lastLoads().stream().limit(MAX_TABLES).forEach(l -> lines.add(load(l)));
        fieldChanges(r.fieldChanges(), lines);
        lines.add("");
        lines.add(String.format(Locale.ROOT, "  warnings since start: %,d%s", warnings,
                lastWarning == null ? "" : "  (last: " + lastWarning + ")"));
        List<String> panel = new ArrayList<>(header);
        lines.stream().map(l -> cut(l, WIDTH)).forEach(panel::add);
        return panel;
    }

    /** The newest field changes, when there are any (names and types only: never a value). */
    private static void fieldChanges(StatusReport.FieldChanges changes, List<String> lines) {
        if (changes == null || (changes.recent().isEmpty() && (changes.quietPaths() == null || changes.quietPaths() == 0))) {
            return;
        }
        lines.add("");
        lines.add("  field changes" + (changes.quietPaths() == null ? ""
                : String.format(Locale.ROOT, "  (%,d paths not seen lately)", changes.quietPaths())));
        changes.recent().stream().limit(MAX_FIELD_CHANGES).forEach(c -> lines.add(String.format(Locale.ROOT,
                "    %s  %-8s  %s  %s  %s", time(c.at()), c.kind().replace('_', ' '), c.eventKey(), FieldsText.printable(c.path()), c.type())));
    }

    private static String time(String iso) {
        return iso.length() >= 19 ? iso.substring(0, 10) + " " + iso.substring(11, 19) : iso;
    }

    private static String row(String name, long total, Double perSecond) {
        return String.format(Locale.ROOT, "  %-16s %,14d %12s", name, total,
                perSecond == null ? "" : String.format(Locale.ROOT, "%,.1f", perSecond));
    }

    private static String load(LoadHistory.LastLoad l) {
        String at = l.getLoadedAt().length() >= 19 ? l.getLoadedAt().substring(11, 19) : l.getLoadedAt();
        return String.format(Locale.ROOT, "    %-24s %s  %,d batches  %,d rows  %,d duplicates  %,d ms%s", cut(l.getTable(), 24), at,
                l.getBatches(), l.getRowsInserted(), l.getDuplicatesSkipped(), l.getMillis(),
                l.getFailedBatches() > 0 ? "  " + l.getFailedBatches() + " failed" : "");
    }

    private static String count(Long value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%,d", value);
    }

    /** Latencies from seconds (a live pipeline) to days (old events replayed). */
    static String seconds(Double value) {
        if (value == null) {
            return "-";
        }
        double s = value;
        return s < 120 ? String.format(Locale.ROOT, "%.0f s", s)
                : s < 7_200 ? String.format(Locale.ROOT, "%.1f min", s / 60)
                : s < 172_800 ? String.format(Locale.ROOT, "%.1f h", s / 3_600)
                : String.format(Locale.ROOT, "%.1f d", s / 86_400);
    }

    static String duration(long seconds) {
        return seconds < 60 ? seconds + "s" : seconds < 3600 ? (seconds / 60) + "m " + (seconds % 60) + "s"
                : (seconds / 3600) + "h " + (seconds % 3600 / 60) + "m";
    }

    private static String cut(String text, int width) {
        if (text == null) {
            return "";
        }
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
