package routes.status;

import routes.config.Setting;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.config.PipelineSettings;
import routes.fields.RecentFieldChanges;
import routes.monitor.ContextThreadPools;
import routes.monitor.LoadHistory;
import routes.monitor.TablePauses;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The pieces behind the status page and the terminal panel, attached to one running pipeline: the sampler of
 * the meters, the notifier keeping the newest batches and dead letters, the health reading and the HTTP paths.
 */
public final class StatusPage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusPage.class);
    private static final Duration HEALTH_INTERVAL = Duration.ofSeconds(10);

    private final PipelineSettings settings;
    private final RecentActivity recent;
    private final long startedMillis = System.currentTimeMillis();
    private CamelContext context;
    private ScheduledExecutorService healthTimer;
    private StatusSampler sampler;
    private StatusReports reports;

    public StatusPage(PipelineSettings settings) {
        this.settings = settings;
        this.recent = new RecentActivity(settings.get(Setting.KAFKA_TOPIC_BATCHES), settings.get(Setting.KAFKA_TOPIC_DLQ),
                Clock.systemUTC());
    }

    /** Before the routes start, so that the first batch is already seen. */
    public void configure(CamelContext context) {
        context.getManagementStrategy().addEventNotifier(recent);
    }

    /**
     * After the context started; the sampler's and the health reading's timers are the context's ({@link ContextThreadPools}).
     *
     * @param pauses       the loader's paused tables; null without the loader role
     * @param fieldChanges the newest field changes (PipelineBeans keeps them; filled by the loader)
     */
    public void start(CamelContext context, MeterRegistry registry, LoadHistory loads, TablePauses pauses,
                      RecentFieldChanges fieldChanges) {
        this.context = context;
        sampler = StatusSampler.start(context, registry, Duration.ofSeconds(settings.getLong(Setting.STATUS_SAMPLE_INTERVAL_S)),
                Duration.ofSeconds(settings.getLong(Setting.STATUS_HISTORY_S)));
        HealthReading health = new HealthReading(context);
        healthTimer = ContextThreadPools.timer(context, this, "status-health");
        healthTimer.scheduleWithFixedDelay(() -> refresh(health), 0, HEALTH_INTERVAL.toSeconds(), TimeUnit.SECONDS);
        reports = new StatusReports(registry, sampler, loads, recent, health, pauses, fieldChanges, startedMillis,
                settings.get(Setting.KAFKA_GROUP_BATCHER), settings.get(Setting.KAFKA_GROUP_LOADER));
        if (!StatusHttp.serve(context, reports::report)) {
            LOG.warn("no management HTTP server: the status page is not served");
        }
    }

    private static void refresh(HealthReading health) {
        try {
            health.refresh();
        } catch (RuntimeException e) {
            LOG.debug("health reading failed: {}", e.toString());
        }
    }

    /** The current report (for the terminal panel); null before {@link #start}. */
    public StatusReport report() {
        return reports == null ? null : reports.report();
    }

    @Override
    public void close() {
        if (healthTimer != null) {
            context.getExecutorServiceManager().shutdownNow(healthTimer);
        }
        if (sampler != null) {
            sampler.close();
        }
    }
}
