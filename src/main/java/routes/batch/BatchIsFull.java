package routes.batch;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * The batch aggregator's completion predicate: the group's {@link EventBatch} reached its record count or
 * byte size. A typed predicate, bound once, because the aggregator asks after every event and
 * {@code simple: ${body.full}} resolved the getter by OGNL (and copied the exchange) on each call.
 */
public final class BatchIsFull implements Predicate {

    @Override
    public boolean matches(Exchange exchange) {
        return exchange.getMessage().getBody() instanceof EventBatch batch && batch.isFull();
    }
}
