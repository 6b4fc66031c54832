package routes.load;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.processor.aggregate.AggregateController;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.monitor.ContextThreadPools;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Group commit for the loader: whose turn it is to load, per table. A table with no load in flight, and not resting
 * after one (pipeline.load.min-interval-ms), is idle: a notification for it completes its cycle at once
 * ({@link LoadCycleIsDue}). Otherwise notifications wait in the table's group of the load aggregator; when the load
 * in flight ends and the rest is over, that group is completed at once through the aggregator's controller
 * (routes.yaml: {@code aggregateController}), so what arrived during the load becomes the next load.
 *
 * <p>A load's turn ends when its exchange is done, whatever the outcome (committed, batches dead-lettered, dropped
 * by the stop gate, failed): a failure never leaves its table waiting for the window. Each table has at most one
 * load started by its turn; a full cycle or the window can start another beside it, and the warehouse lock
 * serializes those (routes.yaml's loader-load-transaction), as it did before.
 */
public final class LoadTurns implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoadTurns.class);

    private final AggregateController aggregator;
    private final Duration minInterval;
    private final BooleanSupplier stopping;
    /** Per table: loads in flight plus rests not over; absent = idle. */
    private final Map<String, Integer> busy = new HashMap<>();
    /** The table whose group this thread is completing by force, so the new cycle says why it started. */
    private final ThreadLocal<String> releasing = new ThreadLocal<>();
    private ScheduledExecutorService rests;

    /**
     * @param aggregator  the load aggregator's controller (bound in routes.yaml)
     * @param minInterval pipeline.load.min-interval-ms: after a load ends, its table rests this long
     * @param stopping    true once a stop has begun: the stop completes every group itself (forceCompletionOnStop)
     */
    public LoadTurns(AggregateController aggregator, Duration minInterval, BooleanSupplier stopping) {
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException("pipeline.load.min-interval-ms must not be negative");
        }
        this.aggregator = aggregator;
        this.minInterval = minInterval;
        this.stopping = stopping;
    }

    /** No load of the table is in flight or resting: a notification for it may load at once. */
    public synchronized boolean idle(String table) {
        return !busy.containsKey(table);
    }

    /**
     * The aggregator completed the table's group (any trigger; called by {@link LoadCycleAggregation#onCompletion}):
     * the cycle records why it started, and the table's turn is taken until the exchange is done.
     */
    void started(LoadCycle cycle, Exchange exchange) {
        String table = cycle.table();
        cycle.startedBy(LoadStart.of(exchange.getProperty(ExchangePropertyKey.AGGREGATED_COMPLETED_BY, String.class),
                cycle, table.equals(releasing.get()), stopping.getAsBoolean()));
        synchronized (this) {
            busy.merge(table, 1, Integer::sum);
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                ended(table, done.getContext());
            }
        });
    }

    private void ended(String table, CamelContext context) {
        if (minInterval.isZero()) {
            release(table);
            return;
        }
        try {
            rests(context).schedule(() -> release(table), minInterval.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            release(table);
        }
    }

    /** The load (and its rest) is over: the last one out completes the table's waiting group, if it has one. */
    private void release(String table) {
        synchronized (this) {
            if (busy.computeIfPresent(table, (t, n) -> n > 1 ? n - 1 : null) != null) {
                return;
            }
        }
        if (stopping.getAsBoolean()) {
            return;
        }
        releasing.set(table);
        try {
            aggregator.forceCompletionOfGroup(table);
        } catch (RejectedExecutionException stopped) {
            // the load pool is shut down: the route stopped, its group was completed on stop or is redelivered
            LOG.debug("no next load of {}: the load pool is shut down", table);
        } finally {
            releasing.remove();
        }
    }

    /** The rests' timer: a thread of the loads' Camel context ({@link ContextThreadPools}). */
    private synchronized ScheduledExecutorService rests(CamelContext context) {
        if (rests == null) {
            rests = ContextThreadPools.timer(context, this, "load-min-interval");
        }
        return rests;
    }

    @Override
    public synchronized void close() {
        if (rests != null) {
            rests.shutdownNow();
        }
    }
}
