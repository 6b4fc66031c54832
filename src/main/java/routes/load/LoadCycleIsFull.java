package routes.load;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/** The load aggregator's completion predicate: the group's {@link LoadCycle} has enough objects or bytes. */
public final class LoadCycleIsFull implements Predicate {

    @Override
    public boolean matches(Exchange exchange) {
        return exchange.getMessage().getBody() instanceof LoadCycle cycle && cycle.isFull();
    }
}
