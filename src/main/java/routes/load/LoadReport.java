package routes.load;

import java.util.List;
import java.util.Set;

/**
 * What one load cycle did ({@link LoadPlan#report}). {@code loadId} identifies the committed transaction (it is
 * in every ledger row of the cycle; when the cycle was split to isolate a failing batch, the first committed
 * part's); {@code failed} lists batches that can never load as they are, {@code isolations} the reason code of
 * each one that was found by splitting the cycle. {@code millis} is the whole call (all attempts);
 * {@code lockMillis}, the committed attempts' wait for the LOCK (another loader's transaction, or any session holding
 * the ledger), kept apart from the load's own steps;
 * {@code stageMillis} and {@code mergeMillis} are the committed attempts' staging (COPY) and dedupe + insert steps;
 * {@code fetchWaitMillis}, the part of staging spent waiting for the object store (objects not yet fetched; Redshift:
 * the HEAD requests).
 */
public record LoadReport(String table, String loadId, int batchesLoaded, int batchesAlreadyLoaded,
                         long rowsInserted, long duplicatesSkipped, List<FailedBatch> failed, long millis,
                         long lockMillis, long stageMillis, long fetchWaitMillis, long mergeMillis, List<String> isolations,
                         Set<String> loadedBatchIds) {

    public LoadReport {
        failed = List.copyOf(failed);
        isolations = List.copyOf(isolations);
        loadedBatchIds = Set.copyOf(loadedBatchIds);
    }

    /** The one INFO line per load (counts and timings only, no event content), with why it started. */
    public String logLine(LoadStart startedBy) {
        return "load table=" + table + " batches=" + batchesLoaded + " already_loaded=" + batchesAlreadyLoaded
                + " rows_inserted=" + rowsInserted + " duplicates_skipped=" + duplicatesSkipped
                + " failed=" + failed.size() + (isolations.isEmpty() ? "" : " isolated=" + isolations.size())
                + " ms=" + millis + " lock_ms=" + lockMillis + " stage_ms=" + stageMillis + " fetch_wait_ms=" + fetchWaitMillis
                + " merge_ms=" + mergeMillis + " load_id=" + loadId + " started_by=" + startedBy.logName();
    }
}
