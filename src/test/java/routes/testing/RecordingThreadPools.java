package routes.testing;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.engine.DefaultExecutorServiceManager;
import org.apache.camel.spi.ThreadPoolProfile;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The context's own ExecutorServiceManager, remembering each pool it made under the name it was given, so a test
 * can ask whether a class took its threads from the context and whether the context's stop shut them down.
 */
public final class RecordingThreadPools extends DefaultExecutorServiceManager {

    private final Map<String, ExecutorService> made = new ConcurrentHashMap<>();

    private RecordingThreadPools(CamelContext context) {
        super(context);
    }

    /** Installs itself as {@code context}'s manager (before anything asks the context for threads). */
    public static RecordingThreadPools installIn(CamelContext context) {
        RecordingThreadPools pools = new RecordingThreadPools(context);
        context.setExecutorServiceManager(pools);
        return pools;
    }

    @Override
    public ExecutorService newThreadPool(Object source, String name, ThreadPoolProfile profile) {
        return remember(name, super.newThreadPool(source, name, profile));
    }

    @Override
    public ScheduledExecutorService newScheduledThreadPool(Object source, String name, ThreadPoolProfile profile) {
        return remember(name, super.newScheduledThreadPool(source, name, profile));
    }

    private <T extends ExecutorService> T remember(String name, T pool) {
        made.put(name, pool);
        return pool;
    }

    /** The names of the pools made so far. */
    public List<String> names() {
        return made.keySet().stream().sorted().toList();
    }

    public ExecutorService pool(String name) {
        return made.get(name);
    }
}
