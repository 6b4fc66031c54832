package routes.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class WarehouseSettingsTest {

    @Test
    void typedOnceWithTheDialectInLowerCaseAndThePasswordNeverPrinted() {
        WarehouseSettings warehouse = WarehouseSettings.of(PipelineSettings.builder()
                .set(Setting.WAREHOUSE_DIALECT, "Redshift").set(Setting.WAREHOUSE_PASSWORD, "hunter2-warehouse").build());
        assertThat(warehouse.dialect()).isEqualTo("redshift");
        assertThat(warehouse.statementTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(warehouse.password()).isEqualTo("hunter2-warehouse");
        assertThat(warehouse.toString()).contains("redshift").doesNotContain("hunter2-warehouse");
    }
}
