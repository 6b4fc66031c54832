package routes;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.Processor;
import org.junit.jupiter.api.Test;
import routes.batch.AdmissionStep;
import routes.config.PipelineSettings;

class PipelineBeansTest {

    @Test
    void aRedshiftBatcherNeedsNoWarehouseConnectionOrIamRole() {
        PipelineSettings settings = PipelineSettings.builder()
                .set("pipeline.role.batcher", "true")
                .set("pipeline.role.loader", "false")
                .set("pipeline.warehouse.dialect", "redshift")
                .set("pipeline.warehouse.jdbc-url", "jdbc:redshift://nowhere.invalid:5439/none")
                .set("pipeline.warehouse.iam-role", "")
                .set("pipeline.sanitize.hmac-key", "test-key")
                .build();

        try (PipelineBeans beans = new PipelineBeans(settings)) {
            assertThat(beans.beans().get("admissionStep")).isInstanceOf(AdmissionStep.class);
            // once per record on the polling thread: processors, not bean calls resolved by reflection
            assertThat(beans.beans().get("admissionStep")).isInstanceOf(Processor.class);
            assertThat(beans.beans().get("enforceMemoryBudget")).isInstanceOf(Processor.class);
            assertThat(beans.beans()).doesNotContainKeys("warehouse", "loadStep");
        }
    }
}
