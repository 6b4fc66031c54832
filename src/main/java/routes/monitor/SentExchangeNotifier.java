package routes.monitor;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * A Camel event notifier that hears only "exchange sent" events (a producer step finished, with its time
 * taken): how the pipeline observes its producers without timing code in routes or beans. It takes the
 * "sending" events too, because Camel times a send, and so emits "sent", only when some notifier takes
 * "sending" (camel-micrometer's exchange event notifier is off: see PipelineRuntime).
 */
public abstract class SentExchangeNotifier extends EventNotifierSupport {

    protected SentExchangeNotifier() {
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public final boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeSendingEvent || event instanceof CamelEvent.ExchangeSentEvent;
    }

    @Override
    public final void notify(CamelEvent event) {
        if (event instanceof CamelEvent.ExchangeSentEvent sent) {
            sent(sent);
        }
    }

    /** One producer step finished (successfully or not: see the exchange's exception). */
    protected abstract void sent(CamelEvent.ExchangeSentEvent sent);
}
