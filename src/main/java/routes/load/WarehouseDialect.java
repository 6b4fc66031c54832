package routes.load;

import routes.contract.BatchNotification;
import routes.contract.SqlIdentifier;
import routes.contract.Warehouse;
import routes.fields.FieldChange;
import routes.fields.FieldCount;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The warehouse-specific half of a load. {@link WarehouseLoad#run} calls these steps in order on one connection with
 * autocommit off, inside a transaction its caller owns: {@link #begin} (the statement timeout, which then bounds the
 * LOCK's wait too), {@link #lock}, {@link #alreadyLoaded}, {@link #stage}, {@link #merge}, {@link #recordLoads},
 * {@link #recordFields}.
 * {@link #verifyDatabase} runs once at start.
 * Implementations: {@link PostgresDialect} and {@link RedshiftDialect}, chosen by {@link Warehouse#pick}.
 */
public interface WarehouseDialect {

    /** The warehouse this dialect loads. */
    Warehouse warehouse();

    /** Refuses, at start, a database on which the loader's dedupe would be wrong (an {@link IllegalStateException}). */
    default void verifyDatabase(Connection c) throws SQLException {
    }

    /** The transaction's settings (statement timeout; Redshift: case-sensitive SUPER navigation), before the lock. */
    void begin(Connection c, Duration statementTimeout) throws SQLException;

    /**
     * The transaction's first statement after {@link #begin}: serialises the loads of {@code table} until the
     * transaction ends so they cannot interleave (readers of the target must not have to wait).
     */
    void lock(Connection c, SqlIdentifier table) throws SQLException;

    /** Which of {@code batchIds} {@code table}'s ledger (or the legacy one, read only) already holds. */
    Set<String> alreadyLoaded(Connection c, SqlIdentifier table, Collection<String> batchIds) throws SQLException;

    /**
     * Stages the batches into a transaction-private staging table. Batches with a permanent problem are
     * either reported in {@link Staged#failed()} (when the dialect can isolate them inside the transaction)
     * or cause {@link BatchRejectedException} (the loader then rolls back and retries without that batch).
     */
    Staged stage(Connection c, SqlIdentifier table, String loadId, List<BatchNotification> batches)
            throws SQLException, BatchRejectedException;

    /** Dedupes the stage against itself and the target and inserts the new rows. */
    Merged merge(Connection c, SqlIdentifier table, String loadId, Staged staged) throws SQLException;

    /** One ledger row per loaded batch, in {@code table}'s own ledger. */
    void recordLoads(Connection c, SqlIdentifier table, String loadId, List<LedgerEntry> entries) throws SQLException;

    /**
     * Adds the load's field observations to {@code table}'s field history, in the load's transaction (after the
     * ledger rows), and returns the changes they are: paths and types the history did not hold.
     */
    List<FieldChange> recordFields(Connection c, SqlIdentifier table, List<FieldCount> counts) throws SQLException;

    /** Object keys a load of {@code loadId} writes to the bucket besides the batches (Redshift: its manifest). */
    default List<String> objectsWrittenBy(SqlIdentifier table, String loadId) {
        return List.of();
    }

    /**
     * Whether {@link #stage} sets a failing batch aside inside the transaction (PostgreSQL: one COPY for the load, and
     * when a batch fails it, one savepoint per object)
     * rather than failing the stage with a {@link BatchRejectedException} or an error that names no batch (Redshift:
     * one COPY for every object of the load).
     */
    default boolean stagesEachBatchApart() {
        return true;
    }

    /**
     * @param loaded      batches now in the stage, in order
     * @param rowsByBatch staged rows per batch id, when the dialect knows them (else empty)
     * @param failed      batches left out, with reasons
     * @param totalRows   rows in the stage
     * @param fetchWaitMillis how long staging waited for the object store (PostgreSQL: for objects still being
     *                    fetched; Redshift: for the HEAD requests)
     */
    record Staged(List<BatchNotification> loaded, Map<String, Long> rowsByBatch, List<FailedBatch> failed,
                  long totalRows, long fetchWaitMillis) {
    }

    /** @param insertedByBatch inserted rows per batch id, when the dialect knows them (else empty) */
    record Merged(long inserted, long duplicates, Map<String, Long> insertedByBatch) {
    }

    /** A ledger row; the counts are {@code null} where the dialect cannot attribute rows to one batch. */
    record LedgerEntry(BatchNotification batch, Long rowsInserted, Long duplicatesSkipped) {

        /** One row per staged batch: counts per batch where the dialect knows them, else null. */
        public static List<LedgerEntry> of(Staged staged, Merged merged) {
            List<LedgerEntry> ledger = new java.util.ArrayList<>();
            for (BatchNotification b : staged.loaded()) {
                Long rows = staged.rowsByBatch().get(b.batchId());
                Long inserted = rows == null ? null : merged.insertedByBatch().getOrDefault(b.batchId(), 0L);
                ledger.add(new LedgerEntry(b, inserted, rows == null ? null : rows - inserted));
            }
            return ledger;
        }
    }
}
