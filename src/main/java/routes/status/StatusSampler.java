package routes.status;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.monitor.ContextThreadPools;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads the pipeline's meters every {@code pipeline.status.sample-interval-s} and keeps the samples of the last
 * {@code pipeline.status.history-s}: rates and "last minute" figures are differences of two samples of the same
 * cumulative meters Prometheus scrapes, so the status page and the terminal panel count nothing themselves.
 */
public final class StatusSampler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusSampler.class);

    private final MeterRegistry registry;
    private final Clock clock;
    private final int capacity;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private CamelContext context;
    private ScheduledExecutorService timer;

    StatusSampler(MeterRegistry registry, Clock clock, Duration interval, Duration history) {
        this.registry = registry;
        this.clock = clock;
        this.capacity = (int) Math.max(2, history.toMillis() / Math.max(1, interval.toMillis()) + 1);
    }

    /** Samples now, then on a timer thread of the Camel context's ({@link ContextThreadPools}). */
    public static StatusSampler start(CamelContext context, MeterRegistry registry, Duration interval, Duration history) {
        StatusSampler sampler = new StatusSampler(registry, Clock.systemUTC(), interval, history);
        sampler.sample();
        sampler.context = context;
        sampler.timer = ContextThreadPools.timer(context, sampler, "status-sampler");
        sampler.timer.scheduleAtFixedRate(sampler::sampleQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return sampler;
    }

    /** Takes one sample now (the timer calls this; tests may too). */
    public Sample sample() {
        Sample sample = Sample.read(registry, clock.millis());
        synchronized (samples) {
            samples.addLast(sample);
            while (samples.size() > capacity) {
                samples.removeFirst();
            }
        }
        return sample;
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            LOG.debug("status sample failed: {}", e.toString());
        }
    }

    /** Oldest first. */
    public List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    public Sample latest() {
        synchronized (samples) {
            return samples.getLast();
        }
    }

    /** The newest sample at least {@code window} older than {@code sample}, or the oldest there is. */
    public static Sample before(List<Sample> samples, Sample sample, Duration window) {
        Sample found = samples.get(0);
        for (Sample s : samples) {
            if (s.atMillis() <= sample.atMillis() - window.toMillis()) {
                found = s;
            }
        }
        return found;
    }

    @Override
    public void close() {
        if (timer != null) {
            context.getExecutorServiceManager().shutdownNow(timer);
        }
    }
}
