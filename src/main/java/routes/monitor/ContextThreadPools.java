package routes.monitor;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.ManagementStrategy;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.SizedScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The pipeline's own threads, made by the Camel context's ExecutorServiceManager: named by Camel's thread name
 * pattern, shut down when the context stops, and listed with the context's thread pools in JMX
 * ({@code org.apache.camel:type=threadpools}). Camel lists a pool by itself only when it is made while the context
 * starts (camel-management's JmxManagementLifecycleStrategy#shouldRegister); ours are mostly made later (a monitor
 * started after the routes, a load's rest timer at the first load's end), so they are listed here, as the same
 * managed object Camel would have made.
 */
public final class ContextThreadPools {

    private static final Logger LOG = LoggerFactory.getLogger(ContextThreadPools.class);

    private ContextThreadPools() {
    }

    /** One timer thread of {@code owner}'s. */
    public static ScheduledExecutorService timer(CamelContext context, Object owner, String name) {
        return listed(context, owner, name, context.getExecutorServiceManager().newSingleThreadScheduledExecutor(owner, name));
    }

    /** One worker thread of {@code owner}'s. */
    public static ExecutorService single(CamelContext context, Object owner, String name) {
        return listed(context, owner, name, context.getExecutorServiceManager().newSingleThreadExecutor(owner, name));
    }

    /** A pool of {@code owner}'s shaped by {@code profile}. */
    public static ExecutorService pool(CamelContext context, Object owner, String name, ThreadPoolProfile profile) {
        return listed(context, owner, name, context.getExecutorServiceManager().newThreadPool(owner, name, profile));
    }

    private static <T extends ExecutorService> T listed(CamelContext context, Object owner, String name, T pool) {
        ManagementStrategy management = context.getManagementStrategy();
        // a scheduled pool with a bounded queue comes wrapped, as Camel unwraps it for its own listing
        ExecutorService unwrapped = pool instanceof SizedScheduledExecutorService sized ? sized.getScheduledThreadPoolExecutor() : pool;
        if (!context.getStatus().isStarted() || management == null || management.getManagementAgent() == null
                || !(unwrapped instanceof ThreadPoolExecutor executor)) {
            return pool; // made while starting (Camel lists it), or no JMX
        }
        try {
            Object managed = management.getManagementObjectStrategy().getManagedObjectForThreadPool(context, executor,
                    name, owner.getClass().getSimpleName(), null, null);
            if (!management.isManaged(managed)) {
                management.manageObject(managed);
            }
        } catch (Exception e) {
            LOG.warn("thread pool {} not listed in JMX: {}", name, e.toString());
        }
        return pool;
    }
}
