package routes.status;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import routes.monitor.PipelineMetrics;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyHistogramTest {

    private final PipelineMetrics metrics = new PipelineMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

    @Test
    void percentilesOfTheLastWindowLeaveOutWhatWasRecordedBefore() {
        for (int i = 0; i < 100; i++) {
            metrics.endToEndLatency("public.events", Duration.ofSeconds(300));
        }
        LatencyHistogram before = LatencyHistogram.read(metrics.registry(), PipelineMetrics.END_TO_END_LATENCY);
        for (int i = 0; i < 98; i++) {
            metrics.endToEndLatency("public.events", Duration.ofSeconds(3));
        }
        metrics.endToEndLatency("public.other", Duration.ofSeconds(40));
        metrics.endToEndLatency("public.other", Duration.ofSeconds(40));

        LatencyHistogram window = LatencyHistogram.read(metrics.registry(), PipelineMetrics.END_TO_END_LATENCY).since(before);

        assertThat(window.count()).isEqualTo(100);
        assertThat(window.quantile(0.5)).isEqualTo(3.0);
        assertThat(window.quantile(0.99)).isBetween(40.0, 50.0);
        assertThat(window.perBucket()).containsEntry(3.0, 98.0).doesNotContainKey(300.0);
    }

    @Test
    void noLoadsMeansNoPercentile() {
        LatencyHistogram now = LatencyHistogram.read(metrics.registry(), PipelineMetrics.END_TO_END_LATENCY);

        assertThat(now.since(LatencyHistogram.EMPTY).quantile(0.5)).isNaN();
        assertThat(now.perBucket()).isEmpty();
    }
}
