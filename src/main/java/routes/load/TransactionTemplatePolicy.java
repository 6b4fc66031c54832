package routes.load;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.TransactedPolicy;
import org.apache.camel.support.processor.DelegateSyncProcessor;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * routes.yaml's {@code transacted} for the load transaction: the rest of the route runs inside Spring's
 * {@link TransactionTemplate} (begin, COMMIT when the route ends, ROLLBACK when an exception is left on the
 * exchange), and the exception goes back to the caller untouched.
 *
 * <p>Why not camel-spring's {@code SpringTransactionPolicy}: it installs Camel's transaction error handler, which
 * marks a failed exchange as exhausted, and an exhausted exchange is never retried nor classified by the caller's
 * {@code onException} — which is where the loader's one retry layer lives ({@code load-retries}).
 */
public final class TransactionTemplatePolicy implements TransactedPolicy {

    private final TransactionTemplate template;

    public TransactionTemplatePolicy(PlatformTransactionManager transactions) {
        this.template = new TransactionTemplate(transactions);
    }

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
    }

    @Override
    public Processor wrap(Route route, Processor processor) {
        return new DelegateSyncProcessor(processor) {
            @Override
            public void process(Exchange exchange) {
                template.executeWithoutResult(status -> {
                    try {
                        processor.process(exchange);
                    } catch (Exception e) {
                        exchange.setException(e);
                    }
                    if (exchange.getException() != null) {
                        status.setRollbackOnly();
                    }
                });
            }

            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                try {
                    process(exchange);
                } catch (RuntimeException e) {
                    exchange.setException(e); // the COMMIT itself failed (e.g. the connection was lost)
                }
                callback.done(true);
                return true;
            }
        };
    }
}
