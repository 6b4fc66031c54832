package routes.load;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * The load aggregator's completion predicate (group commit): a table's cycle starts at once when no load of the
 * table is in flight or resting ({@link LoadTurns#idle}), or when it is full (pipeline.load.max-batches or
 * max-bytes). Otherwise it waits for the end of the table's load in flight ({@link LoadTurns}) or for the window.
 */
public final class LoadCycleIsDue implements Predicate {

    private final LoadTurns turns;

    public LoadCycleIsDue(LoadTurns turns) {
        this.turns = turns;
    }

    @Override
    public boolean matches(Exchange exchange) {
        return exchange.getMessage().getBody() instanceof LoadCycle cycle && (cycle.isFull() || turns.idle(cycle.table()));
    }
}
