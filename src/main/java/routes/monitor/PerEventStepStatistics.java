package routes.monitor;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedProcessorMBean;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * Camel's per-step JMX statistics time and count every step of every exchange; on the one route with an exchange
 * per event ({@code batcher-consume}) that was 8–11 % of the polling thread's CPU (docs/performance.md, "Camel's
 * own levers"). So that route's steps stop keeping them, each time the route starts (also after a reload or a
 * restart from JMX): its own route statistics (what {@link RouteStatisticsMeters}, JMX and Hawtio's Routes tab read)
 * and the aggregator's own attributes ({@code CompletedBy…}) stay, and so do the per-step statistics of every other
 * route. Unlike {@code camel.main.jmxManagementStatisticsLevel=RoutesOnly}, which would drop them everywhere.
 */
public final class PerEventStepStatistics extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(PerEventStepStatistics.class);

    /** Routes with one exchange per event. */
    static final Set<String> PER_EVENT_ROUTES = RouteStatisticsMeters.PER_EVENT_ROUTES;

    public PerEventStepStatistics() {
        setIgnoreExchangeEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.RouteStartedEvent started
                && PER_EVENT_ROUTES.contains(started.getRoute().getRouteId());
    }

    @Override
    public void notify(CamelEvent event) {
        switchOff(((CamelEvent.RouteStartedEvent) event).getRoute());
    }

    /** Statistics off on every managed step of the route; returns how many. */
    static int switchOff(Route route) {
        CamelContext context = route.getCamelContext();
        ManagedCamelContext managed = context.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        ManagedRouteMBean managedRoute = managed == null ? null : managed.getManagedRoute(route.getRouteId());
        if (managedRoute == null) {
            return 0;
        }
        int switched = 0;
        try {
            for (String id : managedRoute.processorIds()) {
                ManagedProcessorMBean step = managed.getManagedProcessor(id);
                if (step != null) {
                    step.setStatisticsEnabled(false);
                    switched++;
                }
            }
        } catch (Exception e) {
            LOG.warn("per-step statistics of route {} stay on: {}", route.getRouteId(), e.toString());
        }
        return switched;
    }
}
