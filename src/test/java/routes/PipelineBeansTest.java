package routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.Processor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.batch.AdmissionStep;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.config.SettingsException;
import routes.contract.FieldType;
import routes.fields.FieldChange;
import routes.fields.FieldChangeListener;
import routes.fields.FieldChangeNotices;

import java.time.Instant;
import java.util.List;

class PipelineBeansTest {

    @Test
    void aRedshiftBatcherNeedsNoWarehouseConnectionOrIamRole() {
        PipelineSettings settings = PipelineSettings.builder()
                .set(Setting.ROLE_BATCHER, "true")
                .set(Setting.ROLE_LOADER, "false")
                .set(Setting.WAREHOUSE_DIALECT, "redshift")
                .set(Setting.WAREHOUSE_JDBC_URL, "jdbc:redshift://nowhere.invalid:5439/none")
                .set(Setting.WAREHOUSE_IAM_ROLE, "")
                .set(Setting.SANITIZE_HMAC_KEY, "test-hmac-key-of-at-least-32-bytes")
                .build();

        try (PipelineBeans beans = new PipelineBeans(settings)) {
            assertThat(beans.beans().get("admissionStep")).isInstanceOf(AdmissionStep.class);
            // once per record on the polling thread: processors, not bean calls resolved by reflection
            assertThat(beans.beans().get("admissionStep")).isInstanceOf(Processor.class);
            assertThat(beans.beans().get(PipelineBeans.BATCH_AGGREGATE_CONTROLLER))
                    .isInstanceOf(org.apache.camel.processor.aggregate.AggregateController.class);
            assertThat(beans.beans()).doesNotContainKeys("warehouse", "loadStep");
        }
    }

    @Test
    void anHmacKeyReadFromItsFileIsHeldToTheSameMinimum(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("hmac.key");
        Files.writeString(keyFile, "too-short-a-key\n");
        PipelineSettings settings = PipelineSettings.builder().set(Setting.ROLE_LOADER, "false")
                .set(Setting.SANITIZE_HMAC_KEY, "").set(Setting.SANITIZE_HMAC_KEY_FILE, keyFile.toString()).build();

        assertThatThrownBy(() -> new PipelineBeans(settings).close())
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining(Setting.SANITIZE_HMAC_KEY_FILE).hasMessageContaining("at least 32 bytes")
                .hasMessageNotContaining("too-short-a-key");
    }

    @Test
    void theFieldChangeListenerIsBoundByItsNameAndFeedsTheStatusPagesRecentChanges() {
        PipelineSettings settings = PipelineSettings.builder().set(Setting.ROLE_LOADER, "false")
                .set(Setting.SANITIZE_HMAC_KEY, "test-hmac-key-of-at-least-32-bytes").build();

        try (PipelineBeans beans = new PipelineBeans(settings)) {
            Object bound = beans.beans().get(FieldChangeNotices.BEAN);
            assertThat(FieldChangeNotices.BEAN).isEqualTo("fieldChangeListener");
            assertThat(bound).isInstanceOf(FieldChangeListener.class).isSameAs(beans.fieldChanges());

            ((FieldChangeListener) bound).committed(List.of(new FieldChange("payroll.run", "amount", FieldType.DECIMAL,
                    FieldChange.Kind.NEW_TYPE, Instant.parse("2026-12-05T10:00:00Z"))));

            assertThat(beans.recentFieldChanges().changes()).extracting(FieldChange::path).containsExactly("amount");
        }
    }
}
