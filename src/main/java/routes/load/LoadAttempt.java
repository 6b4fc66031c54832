package routes.load;


import routes.contract.BatchNotification;
import routes.contract.SqlIdentifier;
import routes.fields.FieldChange;

import java.util.List;
import java.util.Set;

/**
 * One transaction's try at one part of a load cycle: what {@link WarehouseLoad#run} found and did, in order — the
 * wait for the lock, the ledger's already-loaded batches, what was staged, what the dedupe insert added. A redelivery
 * starts a new attempt with a new load id; preflight's canary makes its own ({@link #of}).
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
    private List<FieldChange> fieldChanges = List.of();

    LoadAttempt(SqlIdentifier table, String loadId, List<BatchNotification> batches) {
        this.table = table;
        this.loadId = loadId;
        this.batches = batches;
    }

    /** A load of {@code batches} into {@code table} outside a load plan (preflight's canary). */
    public static LoadAttempt of(SqlIdentifier table, String loadId, List<BatchNotification> batches) {
        return new LoadAttempt(table, loadId, List.copyOf(batches));
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

    /** The LOCK is about to be sent: its wait ends when it is granted ({@link #locked}). */
    void locking() {
        stepStarted = System.nanoTime();
    }

    /** The LOCK was granted: its wait is the load line's lock_ms, apart from the load's own steps. */
    void locked() {
        long now = System.nanoTime();
        lockMillis = (now - stepStarted) / 1_000_000;
        lockGranted = true;
        stepStarted = now;
    }

    /** The LOCK was sent and has not been granted: a failure now is the wait's, not the batches'. */
    boolean waitingForLock() {
        return stepStarted != 0 && !lockGranted;
    }

    /** The ledger already holds {@code done}: only the others are staged. */
    void skip(Set<String> done) {
        todo = batches.stream().filter(b -> !done.contains(b.batchId())).toList();
        alreadyLoaded = batches.size() - todo.size();
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
    public List<WarehouseDialect.LedgerEntry> ledger() {
        return WarehouseDialect.LedgerEntry.of(staged, merged);
    }

    List<BatchNotification> loaded() {
        return hasStagedRows() ? staged.loaded() : List.of();
    }

    void fieldsRecorded(List<FieldChange> changes) {
        fieldChanges = List.copyOf(changes);
    }

    /** The field changes this attempt wrote to the history: real only once its transaction has committed. */
    public List<FieldChange> fieldChanges() {
        return fieldChanges;
    }

    public int alreadyLoaded() {
        return alreadyLoaded;
    }

    /** Rows the stage held (0 when nothing was staged). */
    public long stagedRows() {
        return staged == null ? 0 : staged.totalRows();
    }

    public long inserted() {
        return merged == null ? 0 : merged.inserted();
    }

    public long duplicates() {
        return merged == null ? 0 : merged.duplicates();
    }

    public List<FailedBatch> failed() {
        return staged == null ? List.of() : staged.failed();
    }

    long lockMillis() {
        return lockMillis;
    }

    /** The stage step's time; public for the bench's {@code raw · postgres load}, which reports it apart from the merge's. */
    public long stageMillis() {
        return stageMillis;
    }

    long fetchWaitMillis() {
        return staged == null ? 0 : staged.fetchWaitMillis();
    }

    /** The dedupe insert's time; public for the bench's {@code raw · postgres load}. */
    public long mergeMillis() {
        return mergeMillis;
    }
}
