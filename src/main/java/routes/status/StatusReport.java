package routes.status;

import routes.monitor.LoadHistory;
import routes.monitor.TablePauses;

import java.util.List;

/**
 * What {@code GET /observe/status} answers (and the terminal panel shows): counts since start, rates and
 * latency of the last minute, lag, history for the charts, the newest batches, loads and dead letters
 * (their reasons, never payloads), health, the tables whose loads are paused (reason and since when), and the newest
 * field changes of event keys (names and types, never values). Rates are per second; latencies in seconds; a group's lag is
 * summed over its partitions, null before the first reading.
 */
public record StatusReport(
        String at,
        long uptimeSeconds,
        Totals totals,
        Rates rates,
        Latency latency,
        Latency appLatency,
        Long batcherLag,
        Long loaderLag,
        List<Lag> lag,
        History history,
        List<Bucket> latencyBuckets,
        List<RecentActivity.Batch> recentBatches,
        List<LoadHistory.LastLoad> lastLoads,
        List<ReasonCount> deadLettersByReason,
        List<RecentActivity.DeadLetter> newestDeadLetters,
        HealthReading.Health health,
        List<TablePauses.Pause> pausedTables,
        FieldChanges fieldChanges) {

    public record Totals(long eventsIn, long dropped, long deadLettered, long batches, long batchRecords,
                         long batchBytes, long notifications, long loads, long rowsLoaded, long duplicatesSkipped) {
    }

    /** Per second over the last {@link StatusReports#RATE_WINDOW}. */
    public record Rates(double eventsIn, double batches, double batchBytes, double notifications, double loads,
                        double rowsLoaded) {
    }

    /**
     * A latency of the batches loaded in the last minute, each batch at its worst case: as {@code latency}, the
     * pipeline's own (arrival in topic A to commit; the headline and what the SLO alert uses), as
     * {@code appLatency}, the apps' view (occurred_at to loaded, where late events and backfills count).
     * {@code loadedBatches} counts the batches measured (notifications without arrival times are not).
     */
    public record Latency(long loadedBatches, Double p50, Double p99) {
    }

    public record Lag(String group, String topic, int partition, long lag) {
    }

    /** One value per sample, oldest first: {@code t} in epoch seconds; latencies as in {@link Latency}. */
    public record History(List<Long> t, List<Double> eventsIn, List<Double> rowsLoaded, List<Double> batches,
                          List<Double> latencyP50, List<Double> latencyP99, List<Double> appLatencyP99) {
    }

    /** Loaded batches of the last minute whose pipeline latency is at most {@code le} seconds and above the previous bound. */
    public record Bucket(double le, long batches) {
    }

    public record ReasonCount(String stage, String reason, long count) {
    }

    /**
     * The newest field changes the loader committed or found, newest first, and the paths not seen for longer than
     * pipeline.fields.quiet-after-h as last counted (null before the first count or without the loader role).
     */
    public record FieldChanges(List<FieldChangeRow> recent, Long quietPaths) {
        static final FieldChanges NONE = new FieldChanges(List.of(), null);
    }

    /** One field change: {@code kind} new_path, new_type or not_seen; {@code at} its first-seen (or last-seen) time. */
    public record FieldChangeRow(String at, String eventKey, String path, String type, String kind) {
    }
}
