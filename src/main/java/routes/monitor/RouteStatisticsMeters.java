package routes.monitor;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicy;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyConfiguration;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyNamingStrategy;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.LifecycleStrategySupport;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * For the routes that carry one exchange per event, camel-micrometer's route policy costs too much: it starts a
 * timer and names an exchange property with {@code String.format} at each exchange's start and end (12.6 % of the
 * batcher's polling thread, docs/performance.md). Camel's own route statistics (JMX, which Hawtio reads) already
 * count and time the same exchanges. So for these routes the policy is switched off, and the same meters (names
 * and tags of camel-micrometer's naming strategy: {@code camel_exchanges_total{routeId}} on the dashboard,
 * {@code camel_route_policy_seconds}, …) are served from those statistics, read at scrape time.
 */
public final class RouteStatisticsMeters extends LifecycleStrategySupport {

    /** Routes with one exchange per event: the batcher's consumer. */
    static final Set<String> PER_EVENT_ROUTES = Set.of("batcher-consume");

    private static final MicrometerRoutePolicyNamingStrategy NAMES = MicrometerRoutePolicyNamingStrategy.DEFAULT;

    private final CamelContext context;
    private final MeterRegistry registry;

    private RouteStatisticsMeters(CamelContext context, MeterRegistry registry) {
        this.context = context;
        this.registry = registry;
    }

    /** Before the routes start: routes added now or later (a reloaded routes file) are covered. */
    public static void install(CamelContext context, MeterRegistry registry) {
        RouteStatisticsMeters meters = new RouteStatisticsMeters(context, registry);
        context.addLifecycleStrategy(meters);
        meters.onRoutesAdd(context.getRoutes());
    }

    @Override
    public void onRoutesAdd(Collection<Route> routes) {
        for (Route route : routes) {
            if (PER_EVENT_ROUTES.contains(route.getRouteId()) && withoutPolicyStatistics(route)) {
                register(route);
            }
        }
    }

    /** Switches this route's micrometer policy off (it then only looks the route up in a map); false if it has none. */
    private static boolean withoutPolicyStatistics(Route route) {
        boolean found = false;
        for (RoutePolicy policy : route.getRoutePolicyList()) {
            if (policy instanceof MicrometerRoutePolicy micrometer) {
                MicrometerRoutePolicyConfiguration off = new MicrometerRoutePolicyConfiguration();
                off.setRouteEnabled(false);
                off.setContextEnabled(false);
                micrometer.setConfiguration(off);
                found = true;
            }
        }
        return found;
    }

    /** The policy's meters for this route id; registering again (a reload) finds the same meters. */
    private void register(Route route) {
        String routeId = route.getRouteId();
        Tags tags = NAMES.getExchangeStatusTags(route);
        counter(NAMES.getExchangesTotalName(route), "Total number of processed exchanges", tags, routeId,
                ManagedRouteMBean::getExchangesTotal);
        counter(NAMES.getExchangesSucceededName(route), "Number of successfully completed exchanges", tags, routeId,
                ManagedRouteMBean::getExchangesCompleted);
        counter(NAMES.getExchangesFailedName(route), "Number of failed exchanges", tags, routeId,
                ManagedRouteMBean::getExchangesFailed);
        counter(NAMES.getFailuresHandledName(route), "Number of failures handled", tags, routeId,
                ManagedRouteMBean::getFailuresHandled);
        counter(NAMES.getExternalRedeliveriesName(route),
                "Number of external initiated redeliveries (such as from JMS broker)", tags, routeId,
                ManagedRouteMBean::getExternalRedeliveries);
        FunctionTimer.builder(NAMES.getName(route), this,
                        m -> m.read(routeId, ManagedRouteMBean::getExchangesTotal),
                        m -> m.read(routeId, ManagedRouteMBean::getTotalProcessingTime), TimeUnit.MILLISECONDS)
                .tags(NAMES.getTags(route))
                .description("Route performance metrics")
                .register(registry);
    }

    private void counter(String name, String description, Tags tags, String routeId, ToLongFunction<ManagedRouteMBean> value) {
        FunctionCounter.builder(name, this, m -> m.read(routeId, value))
                .tags(tags)
                .description(description)
                .register(registry);
    }

    /** The route's statistic now; 0 while the route is not managed (being reloaded). */
    private long read(String routeId, ToLongFunction<ManagedRouteMBean> value) {
        ManagedCamelContext managed = context.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        ManagedRouteMBean route = managed == null ? null : managed.getManagedRoute(routeId);
        return route == null ? 0 : value.applyAsLong(route);
    }
}
