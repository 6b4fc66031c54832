package routes.reconcile;

import java.util.Locale;

/** Milliseconds as a person reads them: ms, s, min or h (charts.js formats chart axes the same way). */
final class HumanDurations {

    private HumanDurations() {
    }

    static String millis(double ms) {
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
}
