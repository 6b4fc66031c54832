package routes.load;

import routes.contract.ExchangeProperties;
import routes.contract.BatchNotification;
import org.apache.camel.Exchange;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The steps of routes.yaml's {@code loader-load-transaction}, one per statement, each on the connection that the
 * route's {@code transacted} policy bound to this thread (Spring's {@link DataSourceUtils}); the SQL text comes
 * from the dialect. State between steps travels in the exchange's {@link LoadAttempt}; the plan learns what an
 * attempt did only once its transaction has committed ({@link #start}).
 */
public final class LoadStatements {

    public static final String PLAN = ExchangeProperties.LOAD_PLAN;
    public static final String ATTEMPT = ExchangeProperties.LOAD_ATTEMPT;
    private static final String COPY = ExchangeProperties.MANIFEST_COPY;

    private final DataSource dataSource;
    private final WarehouseDialect dialect;
    private final Duration statementTimeout;

    /** @param dataSource the pool the route's transaction manager manages (not a transaction-aware proxy) */
    public LoadStatements(DataSource dataSource, WarehouseDialect dialect, Duration statementTimeout) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.statementTimeout = statementTimeout;
    }

    /** A new attempt at the plan's current part; the plan counts it as done when, and only if, the COMMIT succeeds. */
    public void start(Exchange exchange) {
        LoadPlan plan = exchange.getProperty(PLAN, LoadPlan.class);
        LoadAttempt attempt = plan.attempt();
        exchange.setProperty(ATTEMPT, attempt);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                plan.committed(attempt);
            }
        });
    }

    /**
     * The transaction's first statement: its limits (the statement timeout, so that it bounds the LOCK's wait as
     * well; Redshift's session settings).
     */
    public void limitStatements(Exchange exchange) throws SQLException {
        dialect.begin(connection(), statementTimeout);
    }

    /**
     * The LOCK, as the body for camel-jdbc: serialises loaders until COMMIT (readers of the target never wait). Its
     * wait is measured from here to {@link #skipLoaded}, the next step.
     */
    public String lockStatement(Exchange exchange) {
        connection(); // refuses to run outside the route's transaction
        LoadAttempt attempt = attempt(exchange);
        attempt.locking();
        return dialect.lockStatement(attempt.table());
    }

    /** Reads the ledger: batches already loaded are skipped (a redelivered notification loads nothing twice). */
    public void skipLoaded(Exchange exchange) throws SQLException {
        LoadAttempt attempt = attempt(exchange);
        attempt.skip(dialect.alreadyLoaded(connection(), attempt.batches().stream().map(BatchNotification::batchId).toList()));
    }

    /** Stages the batches still to load in Java (PostgreSQL's COPY FROM STDIN streams the objects itself). */
    public void stage(Exchange exchange) throws SQLException, BatchRejectedException {
        LoadAttempt attempt = attempt(exchange);
        if (attempt.todo().isEmpty()) {
            return;
        }
        try {
            attempt.staged(dialect.stage(connection(), attempt.table(), attempt.loadId(), attempt.todo()));
        } catch (SQLException e) {
            throw new LoadStepException("stage", e);
        }
    }

    /** Redshift, before the COPY: the body becomes the manifest COPY statement (null when nothing is left to copy). */
    public String prepareCopy(Exchange exchange) throws SQLException {
        LoadAttempt attempt = attempt(exchange);
        if (attempt.todo().isEmpty()) {
            return null;
        }
        try {
            RedshiftDialect.ManifestCopy copy = redshift().prepareCopy(connection(), attempt.table(), attempt.loadId(),
                    attempt.todo());
            exchange.setProperty(COPY, copy);
            return copy.sql();
        } catch (SQLException e) {
            throw new LoadStepException("stage", e);
        }
    }

    /** Redshift, the COPY failed: blames the batch the error names ({@link BatchRejectedException}) or rethrows. */
    public void copyFailed(Exchange exchange) throws Exception {
        SQLException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, SQLException.class);
        Exception failure = redshift().copyFailed(connection(), exchange.getProperty(COPY, RedshiftDialect.ManifestCopy.class), e);
        throw failure instanceof SQLException s && !(s instanceof LoadStepException) ? new LoadStepException("stage", s) : failure;
    }

    /** Redshift, after the COPY: the stage must hold exactly the rows the notifications promise. */
    public void copied(Exchange exchange) throws SQLException {
        LoadAttempt attempt = attempt(exchange);
        RedshiftDialect.ManifestCopy copy = exchange.getProperty(COPY, RedshiftDialect.ManifestCopy.class);
        if (copy == null) {
            return;
        }
        exchange.removeProperty(COPY);
        try {
            attempt.staged(redshift().copied(connection(), copy));
        } catch (SQLException e) {
            throw new LoadStepException("stage", e);
        }
    }

    /** Dedupes the stage against itself and the target, inserts the new rows. */
    public void dedupeInsert(Exchange exchange) throws SQLException {
        LoadAttempt attempt = attempt(exchange);
        if (!attempt.hasStagedRows()) {
            return;
        }
        try {
            attempt.merged(dialect.merge(connection(), attempt.table(), attempt.loadId(), attempt.staged()));
        } catch (SQLException e) {
            throw new LoadStepException("merge", e);
        }
    }

    /** One ledger row per loaded batch: "committed" and "in the ledger" are the same fact. */
    public void ledger(Exchange exchange) throws SQLException {
        LoadAttempt attempt = attempt(exchange);
        if (!attempt.hasStagedRows()) {
            return;
        }
        try {
            dialect.recordLoads(connection(), attempt.table(), attempt.loadId(), attempt.ledger());
        } catch (SQLException e) {
            throw new LoadStepException("ledger", e);
        }
    }

    private static LoadAttempt attempt(Exchange exchange) {
        return exchange.getProperty(ATTEMPT, LoadAttempt.class);
    }

    private RedshiftDialect redshift() {
        if (dialect instanceof RedshiftDialect r) {
            return r;
        }
        throw new IllegalStateException("the manifest COPY steps are Redshift's; the dialect is " + dialect.name());
    }

    /** The connection of the transaction the route began; closing it is the transaction manager's job. */
    private Connection connection() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("load statements must run inside the route's transacted policy");
        }
        return DataSourceUtils.getConnection(dataSource);
    }
}
