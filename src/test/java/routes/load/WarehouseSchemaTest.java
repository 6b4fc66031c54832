package routes.load;

import routes.contract.Warehouse;
import org.junit.jupiter.api.Test;

import java.util.List;
import routes.contract.EventFieldsTable;
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
                RedshiftCopyStatements.createTarget(SqlIdentifier.of("payroll.events")),
                EventFieldsTable.createTable(SqlIdentifier.of("public.events")),
                EventFieldsTable.createTable(SqlIdentifier.of("payroll.events")),
                EventFieldsTable.createView(List.of(SqlIdentifier.of("public.events"), SqlIdentifier.of("payroll.events"))));
    }

    @Test
    void eachTargetHasItsOwnFieldHistoryAndOneViewReadsThemAll() {
        List<SqlIdentifier> targets = List.of(SqlIdentifier.of("public.events"), SqlIdentifier.of("payroll.events"));
        assertThat(EventFieldsTable.createTable(targets.get(1))).startsWith(
                "CREATE TABLE IF NOT EXISTS event_pipeline.event_fields__payroll__events (event_key VARCHAR(128) NOT NULL,");
        assertThat(EventFieldsTable.createView(targets)).isEqualTo("CREATE OR REPLACE VIEW event_pipeline.event_fields AS"
                + " SELECT event_key, path, json_type, first_seen, last_seen, events_seen"
                + " FROM event_pipeline.event_fields__public__events UNION ALL"
                + " SELECT event_key, path, json_type, first_seen, last_seen, events_seen"
                + " FROM event_pipeline.event_fields__payroll__events");
        assertThat(WarehouseSchema.statements(Warehouse.POSTGRESQL, targets))
                .endsWith(EventFieldsTable.createTable(targets.get(0)), EventFieldsTable.createTable(targets.get(1)),
                        EventFieldsTable.createView(targets));
    }

    @Test
    void postgresqlCreatesEveryTargetSchema() {
        assertThat(WarehouseSchema.statements(Warehouse.POSTGRESQL, List.of(SqlIdentifier.of("payroll.events"))))
                .contains("CREATE SCHEMA IF NOT EXISTS payroll");
    }
}
