package routes;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.config.PipelineSettings;
import routes.monitor.HttpAccess;
import routes.monitor.PipelineMonitoring;

import java.util.Properties;

/**
 * The Camel application: camel-main with the YAML routes, the beans of {@link PipelineBeans} and the
 * resolved settings as override properties (so {@code {{placeholders}}} and the beans see the same values).
 * {@link #close()} stops it in order: consumers first (their open groups are flushed, for at most
 * {@code pipeline.shutdown.flush-timeout-ms}, and the durable offsets committed), then the write routes,
 * then the clients. What the flush time did not cover is abandoned for redelivery, in one summary line.
 */
public final class PipelineRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineRuntime.class);

    private final Main main;
    private final PipelineBeans beans;
    private final PipelineMonitoring monitoring;

    private PipelineRuntime(Main main, PipelineBeans beans, PipelineMonitoring monitoring) {
        this.main = main;
        this.beans = beans;
        this.monitoring = monitoring;
    }

    public static PipelineRuntime start(PipelineSettings settings) throws Exception {
        long started = System.nanoTime();
        PipelineBeans beans = new PipelineBeans(settings);
        PipelineMonitoring monitoring = new PipelineMonitoring(settings, beans);
        Main main = new Main();
        main.setOverrideProperties(camelProperties(settings));
        beans.beans().forEach(main::bind);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport support) {
                beans.configure(support.getCamelContext());
                monitoring.configure(support.getCamelContext());
            }
        });
        try {
            main.start();
            // MainListener.afterStart only runs under Main.run(); we start without blocking, so connect here.
            beans.connectAggregators(main.getCamelContext());
            monitoring.start(main.getCamelContext());
        } catch (Exception e) {
            monitoring.close();
            beans.close();
            throw e;
        }
        LOG.info("pipeline started in {} ms (batcher={}, loader={})", (System.nanoTime() - started) / 1_000_000,
                settings.getBoolean("pipeline.role.batcher"), settings.getBoolean("pipeline.role.loader"));
        return new PipelineRuntime(main, beans, monitoring);
    }

    /** The settings as Camel properties, plus the embedded HTTP server derived from {@code pipeline.http.*}. */
    static Properties camelProperties(PipelineSettings settings) {
        Properties properties = settings.asProperties();
        properties.setProperty("camel.management.enabled", "true");
        properties.setProperty("camel.management.port", settings.get("pipeline.http.port"));
        properties.setProperty("camel.management.host", settings.get("pipeline.http.host"));
        properties.setProperty("camel.management.health-check-enabled", "true");
        properties.setProperty("camel.management.metrics-enabled", settings.get("pipeline.metrics.enabled"));
        properties.setProperty("camel.management.jolokia-enabled", "true");
        properties.setProperty("camel.metrics.enabled", settings.get("pipeline.metrics.enabled"));
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
        return properties;
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    public PipelineBeans beans() {
        return beans;
    }

    @Override
    public void close() {
        long started = System.nanoTime();
        beans.stopDeadline().begin();
        try {
            monitoring.close();
            main.stop();
        } catch (Exception e) {
            LOG.warn("pipeline stop failed: {}", e.toString());
        } finally {
            beans.close();
        }
        if (!beans.abandonedWork().isEmpty()) {
            LOG.info(beans.abandonedWork().summary(beans.stopDeadline()));
        }
        LOG.info("pipeline stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
    }
}
