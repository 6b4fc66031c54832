package routes.load;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import routes.contract.PipelineHeaders;
import routes.offsets.OffsetWatermarks;

/** The aggregator's strategy for the loader: one {@link LoadCycle} per target table. */
public final class LoadCycleAggregation implements AggregationStrategy {

    private final LoadCycle.LoadLimits limits;
    private final OffsetWatermarks watermarks;

    public LoadCycleAggregation(LoadCycle.LoadLimits limits, OffsetWatermarks watermarks) {
        this.limits = limits;
        this.watermarks = watermarks;
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
}
