package routes.local;

import org.apache.camel.CamelContext;
import routes.config.PipelineSettings;
import routes.monitor.ConsumerLagMonitor;
import routes.monitor.ContextThreadPools;
import routes.monitor.PipelineMetrics;
import routes.config.Setting;

import java.io.PrintStream;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The `local` progress line, refreshed every few seconds from the same meters Prometheus scrapes: the
 * counters of {@link PipelineMetrics} and the lag gauges of {@link ConsumerLagMonitor}. No second set of
 * counters, no Kafka client of its own.
 */
public final class ProgressReporter implements AutoCloseable {

    private final PipelineMetrics metrics;
    private final PipelineSettings settings;
    private final CamelContext context;
    private final ScheduledExecutorService timer;
    private final PrintStream out = System.out;
    private final boolean terminal = System.console() != null;

    private ProgressReporter(CamelContext context, PipelineSettings settings, PipelineMetrics metrics) {
        this.context = context;
        this.timer = ContextThreadPools.timer(context, this, "progress");
        this.settings = settings;
        this.metrics = metrics;
    }

    /** Prints on a timer thread of the Camel context's ({@link ContextThreadPools}). */
    public static ProgressReporter start(CamelContext context, PipelineSettings settings, PipelineMetrics metrics) {
        ProgressReporter reporter = new ProgressReporter(context, settings, metrics);
        long period = settings.getLong(Setting.LOCAL_PROGRESS_INTERVAL_S);
        reporter.timer.scheduleAtFixedRate(reporter::print, period, period, TimeUnit.SECONDS);
        return reporter;
    }

    private void print() {
        String line = String.format("events in %,d | dropped %,d | dead-lettered %,d | batches %,d | rows loaded %,d | lag batcher %s loader %s",
                (long) metrics.total(PipelineMetrics.EVENTS_CONSUMED),
                (long) metrics.total(PipelineMetrics.EVENTS_DROPPED),
                (long) metrics.total(PipelineMetrics.EVENTS_DEAD_LETTERED),
                (long) metrics.total(PipelineMetrics.BATCHES_WRITTEN),
                (long) metrics.total(PipelineMetrics.ROWS_INSERTED),
                lag(settings.get(Setting.KAFKA_GROUP_BATCHER)),
                lag(settings.get(Setting.KAFKA_GROUP_LOADER)));
        if (terminal) {
            out.print("\r" + line + "   ");
            out.flush();
        } else {
            out.println(line);
        }
    }

    /** Records not yet committed by the group, summed over its partitions ("-" before the first reading). */
    String lag(String group) {
        long lag = ConsumerLagMonitor.totalLag(metrics.registry(), group);
        return lag < 0 ? "-" : String.format("%,d", lag);
    }

    @Override
    public void close() {
        context.getExecutorServiceManager().shutdownNow(timer);
    }
}
