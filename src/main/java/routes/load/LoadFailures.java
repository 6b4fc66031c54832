package routes.load;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.Optional;

/**
 * How routes.yaml's {@code load-retries} classifies a failed load transaction: transient (retry the same
 * transaction, forever, with backoff), a batch the warehouse named ({@code rejected}), or anything else (retried
 * {@link LoadSettings#isolateAfter()} times, then the part is split: {@link LoadPlan}). Also the one WARN line per
 * retry, with the exception type and SQLState only (server text may quote event data).
 */
public final class LoadFailures {

    private static final Logger LOG = LoggerFactory.getLogger(LoadFailures.class);
    private static final int MAX_DEPTH = 20;

    private final WarehouseDialect dialect;

    public LoadFailures(WarehouseDialect dialect) {
        this.dialect = dialect;
    }

    /** onWhen of the transient policy: whether retrying the whole transaction may succeed. */
    public boolean isTransient(Exchange exchange) {
        return sqlCause(failure(exchange)).map(dialect::isTransient).orElse(false);
    }

    /** retryWhile of the other failures: counts this one; true while the part deserves another try. */
    public boolean worthRetrying(Exchange exchange) {
        return plan(exchange).retry(cause(failure(exchange)));
    }

    /** onRedelivery: one WARN line per retry. */
    public void logRetry(Exchange exchange) {
        Throwable cause = cause(failure(exchange));
        LoadPlan plan = plan(exchange);
        LOG.warn("load table={} batches={} attempt={} failed ({}{}), retrying", plan.table(), plan.partSize(),
                exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class),
                CycleFailure.of(cause).log(), isTransient(exchange) ? ", transient" : "");
    }

    /** The failed part goes on without the batch the warehouse named. */
    public void rejected(Exchange exchange) {
        Throwable failure = failure(exchange);
        plan(exchange).rejected(find(failure, BatchRejectedException.class).orElseThrow());
    }

    /** The part failed for good: split it, or report its single batch failed. */
    public void isolate(Exchange exchange) {
        plan(exchange).isolate(cause(failure(exchange)));
    }

    /** The first SQL failure in the chain (wrappers of Camel and the transaction manager peeled off), else the root. */
    static Throwable cause(Throwable failure) {
        Optional<SQLException> sql = sqlCause(failure);
        if (sql.isPresent()) {
            return sql.get();
        }
        Throwable t = failure;
        for (int depth = 0; t.getCause() != null && t.getCause() != t && depth < MAX_DEPTH; depth++) {
            t = t.getCause();
        }
        return t;
    }

    private static Optional<SQLException> sqlCause(Throwable failure) {
        return find(failure, SQLException.class);
    }

    private static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    private static Throwable failure(Exchange exchange) {
        Throwable t = exchange.getException();
        return t != null ? t : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    private static LoadPlan plan(Exchange exchange) {
        return exchange.getProperty(LoadStatements.PLAN, LoadPlan.class);
    }
}
