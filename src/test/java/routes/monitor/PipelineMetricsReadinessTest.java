package routes.monitor;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineMetricsReadinessTest {

    @Test
    void theReadinessGaugeAsksTheChecksAtEveryReadingEvenAfterAGarbageCollection() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicBoolean ready = new AtomicBoolean(true);
        new PipelineMetrics(registry).ready(ready::get);
        System.gc();
        assertThat(registry.get(PipelineMetrics.HEALTH_READY).gauge().value()).isEqualTo(1.0);
        ready.set(false);
        System.gc();
        assertThat(registry.get(PipelineMetrics.HEALTH_READY).gauge().value()).isZero();
    }
}
