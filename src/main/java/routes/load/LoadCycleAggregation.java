package routes.load;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import routes.contract.PipelineHeaders;
import routes.offsets.OffsetWatermarks;

/**
 * The aggregator's strategy for the loader: one {@link LoadCycle} per target table. When the aggregator completes a
 * cycle, whatever the trigger, the table's load turn is taken ({@link LoadTurns#started}).
 */
public final class LoadCycleAggregation implements AggregationStrategy {

    private final LoadCycle.LoadLimits limits;
    private final OffsetWatermarks watermarks;
    private final LoadTurns turns;

    public LoadCycleAggregation(LoadCycle.LoadLimits limits, OffsetWatermarks watermarks, LoadTurns turns) {
        this.limits = limits;
        this.watermarks = watermarks;
        this.turns = turns;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        LoadCycle.Entry entry = newExchange.getMessage().getBody(LoadCycle.Entry.class);
        if (oldExchange == null) {
            LoadCycle cycle = new LoadCycle(newExchange.getMessage().getHeader(PipelineHeaders.TABLE, String.class),
                    limits, watermarks);
            cycle.add(entry);
            newExchange.getMessage().setBody(cycle);
            return newExchange;
        }
        oldExchange.getMessage().getBody(LoadCycle.class).add(entry);
        return oldExchange;
    }

    /**
     * Camel calls this once per completed group, before the cycle is handed to the load pool: the cycle's offset holds
     * go with the exchange's completion, and the table's turn is taken until then.
     */
    @Override
    public void onCompletion(Exchange exchange) {
        LoadCycle cycle = exchange.getMessage().getBody(LoadCycle.class);
        cycle.releaseHoldsWhenDone(exchange);
        turns.started(cycle, exchange);
    }
}
