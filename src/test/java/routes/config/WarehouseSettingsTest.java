package routes.config;

import routes.contract.Warehouse;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class WarehouseSettingsTest {

    @Test
    void typedOnceWithTheWarehouseChosenWhateverTheCaseAndThePasswordNeverPrinted() {
        WarehouseSettings warehouse = WarehouseSettings.of(PipelineSettings.builder()
                .set(Setting.WAREHOUSE_DIALECT, "Redshift").set(Setting.WAREHOUSE_PASSWORD, "hunter2-warehouse").build());
        assertThat(warehouse.warehouse()).isEqualTo(Warehouse.REDSHIFT);
        assertThat(warehouse.statementTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(warehouse.password()).isEqualTo("hunter2-warehouse");
        assertThat(warehouse.toString()).contains("redshift").doesNotContain("hunter2-warehouse");
        assertThat(warehouse.iamAuthentication()).isFalse();
    }

    @Test
    void aRedshiftIamUrlMeansIamAuthentication() {
        WarehouseSettings warehouse = WarehouseSettings.of(PipelineSettings.builder().set(Setting.WAREHOUSE_DIALECT, "redshift")
                .set(Setting.WAREHOUSE_JDBC_URL, "jdbc:redshift:iam://analytics:us-east-1/dev").build());
        assertThat(warehouse.iamAuthentication()).isTrue();
    }
}
