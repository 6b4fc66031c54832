package routes.load;

import routes.contract.BatchNotification;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * One load, the single unit of work that routes.yaml's {@code loader-load-transaction} runs inside its
 * {@code transacted} policy and that preflight's canary runs unchanged before rolling back. On a connection whose
 * transaction the caller owns (autocommit off), in this order: the statement limits (first, so that the timeout
 * bounds the LOCK's wait too), the table's lock, the ledger read (batches already loaded are skipped), the stage
 * (the dialect's COPY), the dedupe insert, one ledger row per staged batch. It never commits nor rolls back the whole
 * transaction; it records what it did in the {@link LoadAttempt}.
 */
public final class WarehouseLoad {

    private final WarehouseDialect dialect;
    private final Duration statementTimeout;

    public WarehouseLoad(WarehouseDialect dialect, Duration statementTimeout) {
        this.dialect = dialect;
        this.statementTimeout = statementTimeout;
    }

    /**
     * Runs the load of {@code attempt}'s batches on {@code c}. A failure of the stage, the insert or the ledger comes
     * as a {@link LoadStepException} naming that step; a batch the warehouse names as the COPY's culprit, as a
     * {@link BatchRejectedException} (the caller retries without it).
     */
    public void run(Connection c, LoadAttempt attempt) throws SQLException, BatchRejectedException {
        dialect.begin(c, statementTimeout);
        attempt.locking();
        dialect.lock(c, attempt.table());
        attempt.locked();
        attempt.skip(dialect.alreadyLoaded(c, attempt.batches().stream().map(BatchNotification::batchId).toList()));
        if (attempt.todo().isEmpty()) {
            return;
        }
        try {
            attempt.staged(dialect.stage(c, attempt.table(), attempt.loadId(), attempt.todo()));
        } catch (LoadStepException e) {
            throw e;
        } catch (SQLException e) {
            throw new LoadStepException("stage", e);
        }
        if (!attempt.hasStagedRows()) {
            return;
        }
        try {
            attempt.merged(dialect.merge(c, attempt.table(), attempt.loadId(), attempt.staged()));
        } catch (SQLException e) {
            throw new LoadStepException("merge", e);
        }
        try {
            dialect.recordLoads(c, attempt.table(), attempt.loadId(), attempt.ledger());
        } catch (SQLException e) {
            throw new LoadStepException("ledger", e);
        }
    }
}
