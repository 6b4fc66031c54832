package routes;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.monitor.HttpAccess;
import routes.shutdown.StopDeadline;
import routes.status.StatusPage;

import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Camel application: camel-main with the YAML routes, the beans of {@link PipelineBeans} and the
 * resolved settings as override properties (so {@code {{placeholders}}} and the beans see the same values).
 * {@link #close()} stops it in order: consumers first (their open groups are flushed, for at most
 * {@code pipeline.shutdown.flush-timeout-ms}, and the durable offsets committed), then the write routes,
 * then the clients. What the flush time did not cover is abandoned for redelivery, in one summary line; a load
 * still running {@link StopDeadline#IN_FLIGHT} after that has its warehouse statement cancelled.
 */
public final class PipelineRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineRuntime.class);

    /** Thread pool profiles named in routes.yaml. */
    public static final String BATCH_WRITER_POOL = "batchWriterPool";
    public static final String LOAD_POOL = "loadPool";

    private final Main main;
    private final PipelineBeans beans;
    private final PipelineMonitoring monitoring;
    private final StatusPage status;

    private PipelineRuntime(Main main, PipelineBeans beans, PipelineMonitoring monitoring, StatusPage status) {
        this.main = main;
        this.beans = beans;
        this.monitoring = monitoring;
        this.status = status;
    }

    public static PipelineRuntime start(PipelineSettings settings) throws Exception {
        long started = System.nanoTime();
        PipelineBeans beans = new PipelineBeans(settings);
        PipelineMonitoring monitoring = new PipelineMonitoring(settings, beans);
        StatusPage status = settings.getBoolean(Setting.STATUS_ENABLED) ? new StatusPage(settings) : null;
        Main main = new Main();
        main.setOverrideProperties(camelProperties(settings));
        beans.beans().forEach(main::bind);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport support) {
                beans.configure(support.getCamelContext());
                monitoring.configure(support.getCamelContext());
                if (status != null) {
                    status.configure(support.getCamelContext());
                }
                support.getCamelContext().getManagementStrategy().addEventNotifier(new ReloadedRoutesCheck(settings));
            }
        });
        try {
            main.start();
            HttpAccess.guard(main.getCamelContext(), settings);
            beans.verifyAggregators();
            monitoring.start(main.getCamelContext());
            if (status != null) {
                status.start(main.getCamelContext(), beans.metrics().registry(), beans.loadHistory(), beans.tablePauses(),
                        beans.recentFieldChanges());
            }
        } catch (Exception e) {
            // never leave half a pipeline running: routes that did start stop before the clients close
            stopQuietly(main);
            if (status != null) {
                status.close();
            }
            monitoring.close();
            beans.close();
            throw RoutesFile.explainStartFailure(e, settings);
        }
        LOG.info("pipeline started in {} ms (batcher={}, loader={})", (System.nanoTime() - started) / 1_000_000,
                settings.getBoolean(Setting.ROLE_BATCHER), settings.getBoolean(Setting.ROLE_LOADER));
        return new PipelineRuntime(main, beans, monitoring, status);
    }

    private static void stopQuietly(Main main) {
        try {
            main.stop();
        } catch (Exception e) {
            LOG.warn("stopping a pipeline that failed to start: {}", e.toString());
        }
    }

    /** The settings as Camel properties, plus the embedded HTTP server derived from {@code pipeline.http.*}. */
    static Properties camelProperties(PipelineSettings settings) {
        Properties properties = settings.asProperties();
        properties.setProperty("camel.management.enabled", "true");
        properties.setProperty("camel.management.port", settings.get(Setting.HTTP_PORT));
        properties.setProperty("camel.management.host", settings.get(Setting.HTTP_HOST));
        properties.setProperty("camel.management.health-check-enabled", "true");
        properties.setProperty("camel.management.metrics-enabled", settings.get(Setting.METRICS_ENABLED));
        properties.setProperty("camel.management.jolokia-enabled", "true");
        properties.setProperty("camel.metrics.enabled", settings.get(Setting.METRICS_ENABLED));
        properties.setProperty("camel.metrics.binders", "jvm-memory,jvm-gc,jvm-thread,processor,uptime");
        // Camel's exchange event notifier timed every send of every exchange and looked its "last exchange"
        // gauge up in the registry each time: ~12 % of the batcher's polling thread (docs/performance.md).
        // The route policy still counts and times exchanges per route; PipelineMonitoring serves the
        // camel_exchanges_inflight gauge the notifier used to register.
        properties.setProperty("camel.metrics.enableExchangeEventNotifier", "false");
        // The route policy's default level ("all") times every exchange twice, per route and again for the
        // whole context, each time naming an exchange property with String.format: ~8 % of the polling
        // thread (JFR, bench run D). Nothing reads the context-level series; per-route series stay.
        properties.setProperty("camel.metrics.routePolicyLevel", "route");
        properties.putAll(HttpAccess.camelProperties(settings));
        threadPoolProfile(properties, BATCH_WRITER_POOL, settings.getInt(Setting.BATCH_WRITER_THREADS));
        threadPoolProfile(properties, LOAD_POOL, settings.getInt(Setting.LOAD_THREADS));
        return properties;
    }

    /**
     * A Camel thread pool profile that routes.yaml names as an aggregator's {@code executorService}: Camel creates
     * the pool with its route, shows it in JMX ({@code type=threadpools}) and shuts it down after the route's open
     * groups are completed. Fixed size, and a queue as good as unbounded (Camel turns a queue size of 0 or less
     * into a direct hand-off): the default rejection policy (CallerRuns) would run a batch write or a load on the
     * Kafka polling thread, which must keep polling. What waits there is bounded elsewhere: batches by
     * pipeline.batch.memory-budget-bytes, load cycles are lists of small notifications.
     */
    private static void threadPoolProfile(Properties properties, String id, int threads) {
        String prefix = "camel.threadpool.config[" + id + "].";
        properties.setProperty(prefix + "id", id);
        properties.setProperty(prefix + "pool-size", Integer.toString(threads));
        properties.setProperty(prefix + "max-pool-size", Integer.toString(threads));
        properties.setProperty(prefix + "max-queue-size", Integer.toString(Integer.MAX_VALUE));
        properties.setProperty(prefix + "rejected-policy", "Abort");
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    public PipelineBeans beans() {
        return beans;
    }

    /** The status page's figures (also the terminal panel's); null when pipeline.status.enabled is false. */
    public StatusPage status() {
        return status;
    }

    /**
     * Main#stop waits for the loads in flight (their routes' shutdown is deferred) while Camel's shutdown timeout lets
     * it; a warehouse statement outlives that wait and the process, so at the stop's deadline for loads in flight
     * another thread cancels it. A JDK pool, not Camel's: Camel's shutdown of its pools waits for their delayed tasks,
     * which would hold every stop until the cancel moment; this one is dropped as soon as Main#stop returns.
     */
    private ScheduledExecutorService cancelLoadsInFlightAtDeadline() {
        ScheduledExecutorService canceller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cancel-loads-in-flight");
            t.setDaemon(true);
            return t;
        });
        canceller.schedule(beans.inFlightStatements()::cancelAll,
                beans.stopDeadline().untilInFlightCancelled().toNanos(), TimeUnit.NANOSECONDS);
        return canceller;
    }

    @Override
    public void close() {
        long started = System.nanoTime();
        beans.stopDeadline().begin();
        ScheduledExecutorService canceller = cancelLoadsInFlightAtDeadline();
        try {
            if (status != null) {
                status.close();
            }
            monitoring.close();
            main.stop();
        } catch (Exception e) {
            LOG.warn("pipeline stop failed: {}", e.toString());
        } finally {
            canceller.shutdownNow();
            beans.close();
        }
        if (!beans.abandonedWork().isEmpty()) {
            LOG.info(beans.abandonedWork().summary(beans.stopDeadline()));
        }
        LOG.info("pipeline stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
    }
}
