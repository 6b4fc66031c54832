package routes.preflight;

import java.util.List;

/**
 * What one canary cycle did, as the dialect reported it.
 *
 * @param storedOccurredAt occurred_at of the cycle's read-back event ({@link CanaryCycle#readsBack}) as stored in the
 *                         target inside the transaction, or null (not read back, or no row with its exact event_id)
 */
record CanaryOutcome(int alreadyLoaded, long staged, long inserted, long duplicates, List<String> failedReasons,
                     int ledgerVisible, int ledgerWritten, String storedOccurredAt) {

    String describe() {
        return "staged " + staged + ", inserted " + inserted + ", duplicates " + duplicates + ", failed "
                + failedReasons.size() + (failedReasons.isEmpty() ? "" : " " + failedReasons)
                + ", ledger rows visible " + ledgerVisible + "/" + ledgerWritten
                + (storedOccurredAt == null ? "" : ", occurred_at stored as " + storedOccurredAt);
    }
}
