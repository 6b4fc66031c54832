package routes.shutdown;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.function.Consumer;

/**
 * First step of a write or load route: once the stop's flush time is used up, an exchange still queued is
 * not processed but dropped quietly (counted, its memory freed, its offset holds kept), so the stop ends
 * within its bound instead of timing out with one stack trace per queued batch.
 */
public final class StopGate implements Processor {

    private final StopDeadline deadline;
    private final Consumer<Exchange> abandon;

    /** {@code abandon} counts the exchange's work and frees what it holds, leaving its offsets uncommitted. */
    public StopGate(StopDeadline deadline, Consumer<Exchange> abandon) {
        this.deadline = deadline;
        this.abandon = abandon;
    }

    @Override
    public void process(Exchange exchange) {
        if (deadline.passed()) {
            abandon.accept(exchange);
            exchange.setRouteStop(true);
        }
    }
}
