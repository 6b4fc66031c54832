package routes.load;


import routes.contract.BatchNotification;
import routes.contract.SqlIdentifier;
import java.util.List;
import java.util.Set;

/**
 * One transaction's try at one part of a load cycle: what the statement steps of routes.yaml's
 * {@code loader-load-transaction} found and did, in order — the ledger's already-loaded batches, what was staged,
 * what the dedupe insert added. A redelivery starts a new attempt with a new load id.
 */
public final class LoadAttempt {

    private final SqlIdentifier table;
    private final String loadId;
    private final List<BatchNotification> batches;
    private List<BatchNotification> todo = List.of();
    private int alreadyLoaded;
    private WarehouseDialect.Staged staged;
    private WarehouseDialect.Merged merged;
    private long stepStarted;
    private long lockMillis;
    private boolean lockGranted;
    private long stageMillis;
    private long mergeMillis;

    LoadAttempt(SqlIdentifier table, String loadId, List<BatchNotification> batches) {
        this.table = table;
        this.loadId = loadId;
        this.batches = batches;
    }

    public SqlIdentifier table() {
        return table;
    }

    public String loadId() {
        return loadId;
    }

    public List<BatchNotification> batches() {
        return batches;
    }

    /** The LOCK is about to be sent: its wait ends when the ledger is read ({@link #skip}). */
    void locking() {
        stepStarted = System.nanoTime();
    }

    /** The LOCK was sent and has not been granted: a failure now is the wait's, not the batches'. */
    boolean waitingForLock() {
        return stepStarted != 0 && !lockGranted;
    }

    /** The ledger already holds {@code done}: only the others are staged. */
    void skip(Set<String> done) {
        long now = System.nanoTime();
        lockMillis = stepStarted == 0 ? 0 : (now - stepStarted) / 1_000_000;
        lockGranted = true;
        todo = batches.stream().filter(b -> !done.contains(b.batchId())).toList();
        alreadyLoaded = batches.size() - todo.size();
        stepStarted = now;
    }

    /** Batches still to stage (after {@link #skip}). */
    public List<BatchNotification> todo() {
        return todo;
    }

    void staged(WarehouseDialect.Staged result) {
        staged = result;
        long now = System.nanoTime();
        stageMillis = (now - stepStarted) / 1_000_000;
        stepStarted = now;
    }

    /** Whether the stage holds rows to merge. */
    public boolean hasStagedRows() {
        return staged != null && !staged.loaded().isEmpty();
    }

    WarehouseDialect.Staged staged() {
        return staged;
    }

    void merged(WarehouseDialect.Merged result) {
        merged = result;
        mergeMillis = (System.nanoTime() - stepStarted) / 1_000_000;
    }

    /** The ledger rows of this attempt. */
    List<WarehouseDialect.LedgerEntry> ledger() {
        return WarehouseDialect.LedgerEntry.of(staged, merged);
    }

    List<BatchNotification> loaded() {
        return hasStagedRows() ? staged.loaded() : List.of();
    }

    int alreadyLoaded() {
        return alreadyLoaded;
    }

    long inserted() {
        return merged == null ? 0 : merged.inserted();
    }

    long duplicates() {
        return merged == null ? 0 : merged.duplicates();
    }

    List<FailedBatch> failed() {
        return staged == null ? List.of() : staged.failed();
    }

    long lockMillis() {
        return lockMillis;
    }

    long stageMillis() {
        return stageMillis;
    }

    long fetchWaitMillis() {
        return staged == null ? 0 : staged.fetchWaitMillis();
    }

    long mergeMillis() {
        return mergeMillis;
    }
}
