package routes.preflight;

import java.util.List;

/**
 * What one canary cycle did, as the dialect reported it.
 *
 * @param storedOccurredAt the odd occurred_at as read back from the target inside the transaction, or null
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
