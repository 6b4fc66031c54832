package routes.batch;

import routes.offsets.FlushingAggregateController;
import routes.shutdown.StopDeadline;

import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The batch aggregator's controller (routes.yaml: batch-aggregator's {@code aggregateController}) and the batcher
 * group's open work: everything that completes batches besides the aggregator's own size and age triggers. A
 * revocation completes the open batches holding records of the revoked partitions, a stop every open batch (each
 * marked {@link BatchCompletion#REVOKE} or {@link BatchCompletion#STOP}); after each routed record, the memory budget completes the oldest batches early or
 * waits for writes ({@link BatchMemoryBudget#enforce}), on the polling thread: the batcher's back-pressure.
 */
public final class BatchAggregateController extends FlushingAggregateController {

    private final BatchMemoryBudget budget;

    public BatchAggregateController(BatchMemoryBudget budget, StopDeadline stopDeadline) {
        super(stopDeadline);
        this.budget = budget;
    }

    @Override
    public void flush() {
        budget.closingAll(stopping() ? BatchCompletion.STOP : BatchCompletion.REVOKE);
        super.flush();
    }

    @Override
    public int flush(Set<String> groups, BooleanSupplier durable) {
        budget.closing(groups, stopping() ? BatchCompletion.STOP : BatchCompletion.REVOKE);
        return super.flush(groups, durable);
    }

    @Override
    public void afterRecord() {
        try {
            budget.enforce(this::forceCompletionOfGroup);
        } catch (InterruptedException e) {
            // the consumer is stopping: what is over budget is completed by the stop's flush
            Thread.currentThread().interrupt();
        }
    }
}
