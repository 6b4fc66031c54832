package routes.monitor;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineMetricsBatchAgeTest {

    @Test
    void aBatchsAgeWhenAnnouncedIsScrapedWithItsMedianAndP99() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PipelineMetrics metrics = new PipelineMetrics(registry);
        for (int i = 1; i <= 100; i++) {
            metrics.batchWritten(10, 1_000, 300, 20, i * 100L);
        }

        String scrape = registry.scrape();

        assertThat(scrape).contains("pipeline_batch_age_seconds_count 100");
        assertThat(scrape).containsPattern("pipeline_batch_age_seconds\\{quantile=\"0\\.5\"} 5\\.[0-9]+");
        assertThat(scrape).containsPattern("pipeline_batch_age_seconds\\{quantile=\"0\\.99\"} (9\\.[89]|10\\.[0-2])[0-9]*");
        assertThat(scrape).contains("pipeline_batch_age_seconds_max 10.0");
    }
}
