package routes;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.config.PipelineSettings;

import java.nio.file.Path;

/**
 * {@code local --routes FILE --reload}: Camel's route watcher loads a saved edit without asking us, so once its last
 * route is back the file gets the same check as at start ({@link RoutesFile#check}). A file the check refuses stops the
 * Kafka consumer routes (named in one ERROR line with the reason): nothing is consumed, so nothing can be committed,
 * until a good save. The aggregators need no reconnecting: Camel hands each new one to its controller.
 */
final class ReloadedRoutesCheck extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadedRoutesCheck.class);
    private static final String[] CONSUMERS = {"batcher-consume", "loader-consume"};

    private final PipelineSettings settings;

    ReloadedRoutesCheck(PipelineSettings settings) {
        this.settings = settings;
        setIgnoreExchangeEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.RouteReloadedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        CamelEvent.RouteReloadedEvent reloaded = (CamelEvent.RouteReloadedEvent) event;
        if (reloaded.getIndex() != reloaded.getTotal()) {
            return;
        }
        String pattern = settings.get(RoutesFile.INCLUDE_PATTERN);
        if (!pattern.startsWith("file:")) {
            return;
        }
        try {
            RoutesFile.check(Path.of(pattern.substring("file:".length())), settings);
            LOG.info("routes reloaded: {} routes, checked", reloaded.getTotal());
        } catch (RuntimeException refused) {
            stopConsumers(reloaded.getRoute().getCamelContext(), refused.getMessage());
        }
    }

    private static void stopConsumers(CamelContext context, String reason) {
        LOG.error("routes reloaded but refused, Kafka consumers stopped until a good save: {}", reason);
        for (String id : CONSUMERS) {
            try {
                if (context.getRoute(id) != null) {
                    context.getRouteController().stopRoute(id);
                }
            } catch (Exception e) {
                LOG.error("cannot stop route {}: {}", id, e.toString());
            }
        }
    }
}
