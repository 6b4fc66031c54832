package routes.offsets;

import org.apache.camel.processor.aggregate.AggregateController;
import org.apache.camel.processor.aggregate.AggregateProcessor;
import routes.shutdown.StopDeadline;

import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

/**
 * An aggregator's controller (routes.yaml: {@code aggregateController}) that is also its consumer group's
 * {@link OpenWork}. Camel hands it the aggregator when the route starts and takes it back when the route stops, a
 * route reload included ({@link #onStart}, {@link #onStop}), so nothing looks the aggregator up by id or has to be
 * reconnected after a reload. Between a stop and the next start it has no aggregator: forcing completes nothing.
 */
public class FlushingAggregateController implements AggregateController, OpenWork {

    /** The longest a revocation waits for the completions in flight (a stop waits no longer than its deadline). */
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(120);

    private final StopDeadline stopDeadline;
    private volatile AggregateProcessor aggregator;

    public FlushingAggregateController(StopDeadline stopDeadline) {
        this.stopDeadline = stopDeadline;
    }

    @Override
    public void onStart(AggregateProcessor processor) {
        aggregator = processor;
    }

    @Override
    public void onStop(AggregateProcessor processor) {
        if (aggregator == processor) {
            aggregator = null;
        }
    }

    /** True between the aggregator's start and its stop. */
    public boolean started() {
        return aggregator != null;
    }

    /** Whether the pipeline's stop has begun (then the aggregator also completes its groups itself). */
    protected boolean stopping() {
        return stopDeadline.stopping();
    }

    /**
     * Completes every open group, then waits until the completions in flight are done: at most FLUSH_TIMEOUT, and no
     * later than the stop's deadline when stopping (a consumer's close). What did not finish keeps its holds.
     */
    @Override
    public void flush() {
        AggregateProcessor processor = aggregator;
        if (processor == null) {
            return;
        }
        processor.forceCompletionOfAllGroups();
        awaitUntil(() -> processor.getInProgressCompleteExchanges() == 0);
    }

    /**
     * Completes the named groups (a key with no open group is skipped), then waits until {@code durable} holds or no
     * completion is in flight: at most FLUSH_TIMEOUT, no later than the stop's deadline. What did not finish keeps its
     * holds.
     */
    @Override
    public int flush(Set<String> groups, BooleanSupplier durable) {
        AggregateProcessor processor = aggregator;
        if (processor == null) {
            return 0;
        }
        int completed = 0;
        for (String key : groups) {
            completed += processor.forceCompletionOfGroup(key);
        }
        // with no completion in flight nothing can release a hold any more (a batch dropped by a stop keeps its own)
        awaitUntil(() -> durable.getAsBoolean() || processor.getInProgressCompleteExchanges() == 0);
        return completed;
    }

    private void awaitUntil(BooleanSupplier done) {
        long deadline = stopDeadline.waitUntilNanos(FLUSH_TIMEOUT);
        while (!done.getAsBoolean() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    @Override
    public int forceCompletionOfGroup(String key) {
        AggregateProcessor processor = aggregator;
        return processor == null ? 0 : processor.forceCompletionOfGroup(key);
    }

    @Override
    public int forceCompletionOfAllGroups() {
        AggregateProcessor processor = aggregator;
        return processor == null ? 0 : processor.forceCompletionOfAllGroups();
    }

    @Override
    public int forceDiscardingOfGroup(String key) {
        AggregateProcessor processor = aggregator;
        return processor == null ? 0 : processor.forceDiscardingOfGroup(key);
    }

    @Override
    public int forceDiscardingOfAllGroups() {
        AggregateProcessor processor = aggregator;
        return processor == null ? 0 : processor.forceDiscardingOfAllGroups();
    }
}
