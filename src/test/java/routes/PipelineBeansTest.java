package routes;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.Processor;
import org.junit.jupiter.api.Test;
import routes.batch.AdmissionStep;
import routes.config.PipelineSettings;
import routes.config.Setting;

class PipelineBeansTest {

    @Test
    void aRedshiftBatcherNeedsNoWarehouseConnectionOrIamRole() {
        PipelineSettings settings = PipelineSettings.builder()
                .set(Setting.ROLE_BATCHER, "true")
                .set(Setting.ROLE_LOADER, "false")
                .set(Setting.WAREHOUSE_DIALECT, "redshift")
                .set(Setting.WAREHOUSE_JDBC_URL, "jdbc:redshift://nowhere.invalid:5439/none")
                .set(Setting.WAREHOUSE_IAM_ROLE, "")
                .set(Setting.SANITIZE_HMAC_KEY, "test-key")
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
