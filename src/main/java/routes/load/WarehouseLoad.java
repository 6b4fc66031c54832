package routes.load;

import routes.contract.BatchNotification;
import routes.fields.FieldCount;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * One load, the single unit of work that routes.yaml's {@code loader-load-transaction} runs inside its
 * {@code transacted} policy and that preflight's canary runs unchanged before rolling back. On a connection whose
 * transaction the caller owns (autocommit off), in this order: the statement limits (first, so that the timeout
 * bounds the LOCK's wait too), the table's lock, the ledger read (batches already loaded are skipped), the stage
 * (the dialect's COPY), the dedupe insert, one ledger row per staged batch, the
 * staged batches' field observations into the target's field history (routes.contract.EventFieldsTable). It never commits nor rolls back the whole
 * transaction; it records what it did in the {@link LoadAttempt}. Each step's statements are registered in
 * {@link InFlightStatements} while they run, so that a stop can cancel them.
 */
public final class WarehouseLoad {

    private final WarehouseDialect dialect;
    private final Duration statementTimeout;
    private final InFlightStatements inFlight;

    /** A load whose statements nothing cancels (preflight's canary, tests of the load alone). */
    public WarehouseLoad(WarehouseDialect dialect, Duration statementTimeout) {
        this(dialect, statementTimeout, new InFlightStatements());
    }

    /** @param inFlight where each statement is registered while it runs, for the stop to cancel */
    public WarehouseLoad(WarehouseDialect dialect, Duration statementTimeout, InFlightStatements inFlight) {
        this.dialect = dialect;
        this.statementTimeout = statementTimeout;
        this.inFlight = inFlight;
    }

    /**
     * Runs the load of {@code attempt}'s batches on {@code c}. A failure of the stage, the insert or the ledger comes
     * as a {@link LoadStepException} naming that step; a batch the warehouse names as the COPY's culprit, as a
     * {@link BatchRejectedException} (the caller retries without it).
     */
    public void run(Connection c, LoadAttempt attempt) throws SQLException, BatchRejectedException {
        try (var running = inFlight.running(c, attempt.table(), "begin")) {
            dialect.begin(c, statementTimeout);
        }
        attempt.locking();
        try (var running = inFlight.running(c, attempt.table(), "lock")) {
            dialect.lock(c, attempt.table());
        }
        attempt.locked();
        try (var running = inFlight.running(c, attempt.table(), "ledger_read")) {
            attempt.skip(dialect.alreadyLoaded(c, attempt.table(), attempt.batches().stream().map(BatchNotification::batchId).toList()));
        }
        if (attempt.todo().isEmpty()) {
            return;
        }
        try (var running = inFlight.running(c, attempt.table(), "stage")) {
            attempt.staged(dialect.stage(c, attempt.table(), attempt.loadId(), attempt.todo()));
        } catch (LoadStepException e) {
            throw e;
        } catch (SQLException e) {
            throw new LoadStepException("stage", e);
        }
        if (!attempt.hasStagedRows()) {
            return;
        }
        try (var running = inFlight.running(c, attempt.table(), "merge")) {
            attempt.merged(dialect.merge(c, attempt.table(), attempt.loadId(), attempt.staged()));
        } catch (SQLException e) {
            throw new LoadStepException("merge", e);
        }
        try (var running = inFlight.running(c, attempt.table(), "ledger")) {
            dialect.recordLoads(c, attempt.table(), attempt.loadId(), attempt.ledger());
        } catch (SQLException e) {
            throw new LoadStepException("ledger", e);
        }
        try (var running = inFlight.running(c, attempt.table(), "fields")) {
            attempt.fieldsRecorded(dialect.recordFields(c, attempt.table(), FieldCount.of(attempt.loaded())));
        } catch (SQLException e) {
            throw new LoadStepException("fields", e);
        }
    }
}
