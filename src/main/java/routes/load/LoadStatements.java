package routes.load;

import routes.contract.ExchangeProperties;
import routes.fields.FieldChangeListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.camel.Exchange;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The steps of routes.yaml's {@code loader-load-transaction}: a new attempt at the plan's current part ({@link #start}),
 * then the one load ({@link WarehouseLoad#run}) on the connection that the route's {@code transacted} policy bound to
 * this thread (Spring's {@link DataSourceUtils}). The plan learns what an attempt did only once its transaction has
 * committed; so do the
 * field-change listeners (a rolled-back attempt reports no change).
 */
public final class LoadStatements {

    public static final String PLAN = ExchangeProperties.LOAD_PLAN;
    public static final String ATTEMPT = ExchangeProperties.LOAD_ATTEMPT;
    private static final Logger LOG = LoggerFactory.getLogger(LoadStatements.class);

    private final DataSource dataSource;
    private final WarehouseLoad load;
    private final FieldChangeListener fieldChanges;

    /** @param dataSource the pool the route's transaction manager manages (not a transaction-aware proxy) */
    public LoadStatements(DataSource dataSource, WarehouseLoad load) {
        this(dataSource, load, FieldChangeListener.NONE);
    }

    /** @param fieldChanges told of each committed attempt's field changes, after its COMMIT */
    public LoadStatements(DataSource dataSource, WarehouseLoad load, FieldChangeListener fieldChanges) {
        this.dataSource = dataSource;
        this.load = load;
        this.fieldChanges = fieldChanges;
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
                reportFieldChanges(attempt);
            }
        });
    }

    /** After the COMMIT nothing may throw: a listener's failure is logged, the load stays committed. */
    private void reportFieldChanges(LoadAttempt attempt) {
        if (attempt.fieldChanges().isEmpty()) {
            return;
        }
        try {
            fieldChanges.committed(attempt.fieldChanges());
        } catch (RuntimeException e) {
            LOG.warn("field changes of load {} not reported: {}", attempt.loadId(), e.toString());
        }
    }

    /** The load itself, every statement on the route's transaction; the route's end commits it. */
    public void load(Exchange exchange) throws SQLException, BatchRejectedException {
        load.run(connection(), exchange.getProperty(ATTEMPT, LoadAttempt.class));
    }

    /** The connection of the transaction the route began; closing it is the transaction manager's job. */
    private Connection connection() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("the load must run inside the route's transacted policy");
        }
        return DataSourceUtils.getConnection(dataSource);
    }
}
