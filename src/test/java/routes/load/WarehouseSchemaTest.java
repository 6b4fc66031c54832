package routes.load;

import routes.contract.Warehouse;
import org.junit.jupiter.api.Test;

import java.util.List;
import routes.contract.LedgerTable;
import routes.contract.SqlIdentifier;

import static org.assertj.core.api.Assertions.assertThat;

class WarehouseSchemaTest {

    @Test
    void redshiftCreatesEveryTargetSchemaButPublic() {
        List<String> ddl = WarehouseSchema.statements(Warehouse.REDSHIFT,
                List.of(SqlIdentifier.of("public.events"), SqlIdentifier.of("payroll.events")));

        assertThat(ddl).containsExactly(
                "CREATE SCHEMA IF NOT EXISTS event_pipeline",
                LedgerTable.createTable(),
                RedshiftCopyStatements.createTarget(SqlIdentifier.of("public.events")),
                "CREATE SCHEMA IF NOT EXISTS payroll",
                RedshiftCopyStatements.createTarget(SqlIdentifier.of("payroll.events")));
    }

    @Test
    void postgresqlCreatesEveryTargetSchema() {
        assertThat(WarehouseSchema.statements(Warehouse.POSTGRESQL, List.of(SqlIdentifier.of("payroll.events"))))
                .contains("CREATE SCHEMA IF NOT EXISTS payroll");
    }
}
