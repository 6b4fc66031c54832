package routes;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.InflightRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.fields.QuietPathsWatch;
import routes.monitor.ConsumerLagMonitor;
import routes.monitor.DependencyHealthCheck;
import routes.monitor.PipelineMBeans;
import routes.monitor.PerEventStepStatistics;
import routes.monitor.ProducerTimings;
import routes.monitor.RouteStatisticsMeters;
import routes.monitor.TablePausesHealthCheck;
import software.amazon.awssdk.services.s3.S3Client;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything an operator looks at that Camel does not provide by itself, attached to one running pipeline:
 * the producer timings (S3 put latency, notifications), readiness checks of S3, the warehouse and the loader's paused
 * tables, the
 * pipeline's MBeans, the readiness gauge, the consumer lag gauges, Camel's per-route inflight gauge, and the per-event routes' exchange
 * meters from Camel's route statistics (RouteStatisticsMeters). Kafka's own readiness
 * comes from camel-kafka's consumer and producer health checks ({@code camel.health.*} in
 * application.properties).
 */
public final class PipelineMonitoring implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineMonitoring.class);

    private final PipelineSettings settings;
    private final PipelineBeans beans;
    private final List<DependencyHealthCheck> checks = new ArrayList<>();
    private PipelineMBeans mbeans;
    private ConsumerLagMonitor lag;
    private QuietPathsWatch quietPaths;

    public PipelineMonitoring(PipelineSettings settings, PipelineBeans beans) {
        this.settings = settings;
        this.beans = beans;
    }

    /** Before the routes start, so that the first batch is already timed. */
    public void configure(CamelContext context) {
        context.getManagementStrategy().addEventNotifier(
                new ProducerTimings(beans.metrics(), settings.get(Setting.KAFKA_TOPIC_BATCHES)));
        context.getManagementStrategy().addEventNotifier(new PerEventStepStatistics());
        if (settings.getBoolean(Setting.METRICS_ENABLED)) {
            RouteStatisticsMeters.install(context, beans.metrics().registry());
        }
    }

    /** After the context started: health checks, MBeans, lag. */
    public void start(CamelContext context) {
        Duration timeout = Duration.ofMillis(settings.getLong(Setting.MONITOR_CHECK_TIMEOUT_MS));
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry != null) {
            checks.add(DependencyHealthCheck.s3((S3Client) beans.beans().get("s3Client"), settings.get(Setting.S3_BUCKET), timeout));
            if (beans.beans().get("warehouse") instanceof DataSource warehouse) {
                checks.add(DependencyHealthCheck.warehouse(warehouse, timeout));
            }
            checks.forEach(check -> {
                check.setCamelContext(context);
                registry.register(check);
            });
            if (beans.tablePauses() != null) {
                TablePausesHealthCheck loads = new TablePausesHealthCheck(beans.tablePauses());
                loads.setCamelContext(context);
                registry.register(loads);
            }
        } else {
            LOG.warn("no health check registry: readiness does not include S3 and the warehouse");
        }
        mbeans = new PipelineMBeans(context.getName());
        if (settings.getBoolean(Setting.ROLE_BATCHER)) {
            mbeans.batcher(beans.memoryBudget(), beans.metrics()).offsets(beans.batcherWatermarks());
        }
        if (settings.getBoolean(Setting.ROLE_LOADER)) {
            mbeans.offsets(beans.loaderWatermarks()).loader(beans.loadHistory(), beans.metrics());
            if (beans.beans().get("warehouse") instanceof DataSource warehouse) {
                quietPaths = new QuietPathsWatch(warehouse, Duration.ofHours(settings.getInt(Setting.FIELDS_QUIET_AFTER_H)),
                        beans.fieldChanges(), beans.recentFieldChanges(), Clock.systemUTC());
                quietPaths.start(context);
                beans.metrics().quietFieldPaths(() -> {
                    Long quiet = beans.recentFieldChanges().quietPaths();
                    return quiet == null ? Double.NaN : quiet;
                });
            }
        }
        beans.metrics().ready(() -> HealthCheckHelper.isResultsUp(HealthCheckHelper.invokeReadiness(context), true));
        lag = ConsumerLagMonitor.start(context, settings, beans.metrics().registry());
        if (settings.getBoolean(Setting.METRICS_ENABLED)) {
            inflightGauges(context, beans.metrics().registry());
        }
    }

    /**
     * {@code camel_exchanges_inflight} per route, read from Camel's inflight repository at scrape time, with
     * the name and tags of camel-micrometer's exchange event notifier (switched off: see PipelineRuntime).
     */
    private static void inflightGauges(CamelContext context, MeterRegistry registry) {
        InflightRepository inflight = context.getInflightRepository();
        for (Route route : context.getRoutes()) {
            String routeId = route.getRouteId();
            Gauge.builder("camel.exchanges.inflight", () -> inflight.size(routeId))
                    .description("Route inflight messages")
                    .tags(Tags.of("camelContext", context.getName(), "kind", "CamelExchangeEvent", "routeId", routeId))
                    .register(registry);
        }
    }

    @Override
    public void close() {
        if (quietPaths != null) {
            quietPaths.close();
        }
        if (lag != null) {
            lag.close();
        }
        if (mbeans != null) {
            mbeans.close();
        }
        checks.forEach(DependencyHealthCheck::close);
    }
}
