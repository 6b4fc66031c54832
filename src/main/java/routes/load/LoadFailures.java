package routes.load;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.contract.ExchangeProperties;
import routes.monitor.PipelineMetrics;
import routes.monitor.TablePauses;

import java.sql.SQLException;
import java.util.Optional;

/**
 * How routes.yaml's {@code load-retries} treats a failed load transaction, by its {@link FailureClass}: transient
 * (retry the same transaction, forever, with backoff), a pause (an ENVIRONMENT failure, or a batch failing alone with
 * nothing to compare it with: retry forever, with backoff, the table shown paused), a batch the warehouse named
 * ({@code rejected}), or anything else (retried {@link LoadSettings#isolateAfter()} times, then the part is split or
 * its batch judged: {@link LoadPlan}). Also the one WARN line per retry, with the table, step, SQLState and reason
 * only (server text may quote event data).
 */
public final class LoadFailures {

    private static final Logger LOG = LoggerFactory.getLogger(LoadFailures.class);
    private static final int MAX_DEPTH = 20;

    private final WarehouseDialect dialect;
    private final TablePauses pauses;
    private final PipelineMetrics metrics;

    public LoadFailures(WarehouseDialect dialect, TablePauses pauses, PipelineMetrics metrics) {
        this.dialect = dialect;
        this.pauses = pauses;
        this.metrics = metrics;
    }

    /**
     * onWhen of the transient policy: whether retrying the whole transaction may succeed. Never while stopping: the
     * policies' allowRedeliveryWhileStopping only refuses once Camel forces the shutdown, so a failure during the stop
     * (a statement the stop cancelled among them) goes to the last policy, which refuses the retry.
     */
    public boolean isTransient(Exchange exchange) {
        return !stopping(exchange) && classify(exchange).kind() == FailureClass.Kind.TRANSIENT;
    }

    /** onWhen of the pause policy: the table's loads pause on this failure (see {@link LoadPlan#pauses}); never while stopping. */
    public boolean pauses(Exchange exchange) {
        return !stopping(exchange) && plan(exchange).pauses(classify(exchange));
    }

    /** retryWhile of the other failures: counts this one; true while the part deserves another try. */
    public boolean worthRetrying(Exchange exchange) {
        return !stopping(exchange) && plan(exchange).retry(classify(exchange));
    }

    /** continued of the other failures: the cycle goes on with the next part, unless the loader is stopping. */
    public boolean continues(Exchange exchange) {
        return !stopping(exchange);
    }

    /** onRedelivery of the transient and the other failures: one WARN line per retry. */
    public void logRetry(Exchange exchange) {
        FailureClass why = classify(exchange);
        LoadPlan plan = plan(exchange);
        LOG.warn("load table={} batches={} attempt={} failed ({}, reason={}), retrying", plan.table(), plan.partSize(),
                attempt(exchange), CycleFailure.of(cause(failure(exchange))).log(), why.reason());
    }

    /**
     * onRedelivery of the pause policy: the table is paused (registry, readiness, status page, counter) and one WARN
     * line says so, per attempt.
     */
    public void logPause(Exchange exchange) {
        FailureClass why = classify(exchange);
        LoadPlan plan = plan(exchange);
        String step = step(failure(exchange));
        String table = plan.table().sql();
        if (pauses.failed(table, step, why.sqlState(), why.reason())) {
            metrics.loadPaused(table, why.reason());
        }
        LOG.warn("load table={} paused step={} sqlstate={} reason={} batches={} attempt={}: nothing is dead-lettered,"
                        + " offsets are held, retrying", table, step, why.sqlState() == null ? "none" : why.sqlState(),
                why.reason(), plan.partSize(), attempt(exchange));
    }

    /** The failed part goes on without the batch the warehouse named. */
    public void rejected(Exchange exchange) {
        Throwable failure = failure(exchange);
        plan(exchange).rejected(find(failure, BatchRejectedException.class).orElseThrow());
    }

    /** The part failed for good: split it, judge its single batch, or park it (see {@link LoadPlan#isolate}). */
    public void isolate(Exchange exchange) {
        if (stopping(exchange)) {
            return; // a stop refused the retry: the cycle fails, its notifications stay uncommitted
        }
        Throwable failure = failure(exchange);
        plan(exchange).isolate(cause(failure), classify(exchange));
    }

    FailureClass classify(Exchange exchange) {
        FailureClass why = FailureClass.of(failure(exchange), dialect.warehouse());
        LoadAttempt attempt = exchange.getProperty(ExchangeProperties.LOAD_ATTEMPT, LoadAttempt.class);
        return attempt != null && attempt.waitingForLock() ? why.whileLocking() : why;
    }

    /** The failed step of the load transaction: stage, merge, ledger, else the transaction's other statements. */
    private static String step(Throwable failure) {
        return find(failure, LoadStepException.class).map(LoadStepException::step).orElse("transaction");
    }

    private static boolean stopping(Exchange exchange) {
        return exchange.getContext().isStopping() || exchange.getContext().isStopped();
    }

    private static int attempt(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
    }

    /** The first SQL failure in the chain (wrappers of Camel and the transaction manager peeled off), else the root. */
    static Throwable cause(Throwable failure) {
        Optional<SQLException> sql = find(failure, SQLException.class);
        if (sql.isPresent()) {
            return sql.get();
        }
        Throwable t = failure;
        for (int depth = 0; t.getCause() != null && t.getCause() != t && depth < MAX_DEPTH; depth++) {
            t = t.getCause();
        }
        return t;
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
        return exchange.getProperty(ExchangeProperties.LOAD_PLAN, LoadPlan.class);
    }
}
