package routes.load;

import java.util.List;

/**
 * What one {@link WarehouseLoader#load} did. {@code loadId} identifies the committed transaction (it is
 * in every ledger row of the cycle); {@code failed} lists batches that can never load as they are.
 * {@code millis} is the whole call (all attempts); {@code stageMillis} and {@code mergeMillis} are the committed
 * attempt's staging (COPY) and dedupe + insert steps.
 */
public record LoadReport(String table, String loadId, int batchesLoaded, int batchesAlreadyLoaded,
                         long rowsInserted, long duplicatesSkipped, List<FailedBatch> failed, long millis,
                         long stageMillis, long mergeMillis) {

    public LoadReport {
        failed = List.copyOf(failed);
    }

    /** The one INFO line per load (counts and timings only, no event content). */
    public String logLine() {
        return "load table=" + table + " batches=" + batchesLoaded + " already_loaded=" + batchesAlreadyLoaded
                + " rows_inserted=" + rowsInserted + " duplicates_skipped=" + duplicatesSkipped
                + " failed=" + failed.size() + " ms=" + millis + " stage_ms=" + stageMillis + " merge_ms=" + mergeMillis
                + " load_id=" + loadId;
    }
}
