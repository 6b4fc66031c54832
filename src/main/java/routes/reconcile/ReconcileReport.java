package routes.reconcile;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one reconciliation, as written to {@code report.json}. Times are ISO-8601 UTC strings;
 * hours are the hour of {@code occurred_at} (of the new side when an id is on both). Everything here is a
 * summary or a bounded sample: its size depends on keys × hours and the window's minutes, not on rows.
 */
public record ReconcileReport(String generatedAt, String from, String to, List<String> recheckedHours,
                              String newTable, String legacyTable, String keyPattern, List<String> ignorePaths,
                              boolean reconciled, Totals totals, List<HourSummary> hours, List<KeyHour> keyHours,
                              IdSample onlyInNew, IdSample onlyInLegacy, Duplicates newDuplicates,
                              Duplicates legacyDuplicates, ContentDiffs content, List<Latency> latency,
                              List<Throughput> throughput, List<MinuteCount> loadedPerMinute, long elapsedMs) {

    /** Exit status of the {@code reconcile} command for this report. */
    public int exitCode() {
        return reconciled ? 0 : 1;
    }

    public record Totals(long newRows, long legacyRows, long onlyInNew, long onlyInLegacy, long newDuplicateIds,
                         long legacyDuplicateIds, long contentDiffers) {
        public boolean reconciles() {
            return onlyInNew == 0 && onlyInLegacy == 0 && newDuplicateIds == 0 && legacyDuplicateIds == 0
                    && contentDiffers == 0;
        }
    }

    /** One event key in one hour; duplicate rows are rows beyond the first per id within that key and hour. */
    public record KeyHour(String eventKey, String hour, long newRows, long legacyRows, long newDuplicateRows,
                          long legacyDuplicateRows, long onlyInNew, long onlyInLegacy, long contentDiffers) {
        public boolean reconciles() {
            return onlyInNew == 0 && onlyInLegacy == 0 && newDuplicateRows == 0 && legacyDuplicateRows == 0
                    && contentDiffers == 0;
        }
    }

    public record HourSummary(String hour, boolean reconciled, long newRows, long legacyRows, long onlyInNew,
                              long onlyInLegacy, long newDuplicateRows, long legacyDuplicateRows,
                              long contentDiffers) {
    }

    public record IdSample(long total, List<IdRow> sample) {
    }

    public record IdRow(String id, String eventKey, String occurredAt) {
    }

    public record Duplicates(long ids, long rows, List<DuplicateRow> sample) {
    }

    public record DuplicateRow(String id, long rows) {
    }

    /** Ids on both sides whose normalized payloads differ; {@code paths}: ids per differing path. */
    public record ContentDiffs(long ids, Map<String, Long> paths, List<ContentRow> sample) {
    }

    public record ContentRow(String id, String eventKey, String hour, List<String> paths) {
    }

    /** Load time − occurred_at of one side in one hour, in milliseconds. */
    public record Latency(String side, String hour, long rows, double p50Ms, double p95Ms, double p99Ms,
                          double maxMs) {
    }

    /** Rows loaded per minute, per hour of load time: average over the hour's 60 minutes, and the busiest minute. */
    public record Throughput(String hour, double newPerMinute, long newPeakPerMinute, double legacyPerMinute,
                             long legacyPeakPerMinute) {
    }

    public record MinuteCount(String minute, long newRows, long legacyRows) {
    }
}
