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
        SqlIdentifier publicEvents = SqlIdentifier.of("public.events");
        SqlIdentifier payrollEvents = SqlIdentifier.of("payroll.events");
        List<String> ddl = WarehouseSchema.statements(Warehouse.REDSHIFT, List.of(publicEvents, payrollEvents),
                false, List.of());

        assertThat(ddl).containsExactly(
                "CREATE SCHEMA IF NOT EXISTS event_pipeline",
                LedgerTable.createTable(LedgerTable.LEGACY),
                LedgerTable.createTable("event_pipeline.loads__public__events"),
                LedgerTable.createTable("event_pipeline.loads__payroll__events"),
                RedshiftCopyStatements.createTarget(publicEvents),
                "CREATE SCHEMA IF NOT EXISTS payroll",
                RedshiftCopyStatements.createTarget(payrollEvents),
                LedgerTable.createView(List.of(LedgerTable.of(publicEvents), LedgerTable.of(payrollEvents))),
                EventFieldsTable.createTable(publicEvents),
                EventFieldsTable.createTable(payrollEvents),
                EventFieldsTable.createView(List.of(publicEvents, payrollEvents)));
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
        assertThat(WarehouseSchema.statements(Warehouse.POSTGRESQL, targets, false, List.of()))
                .endsWith(EventFieldsTable.createTable(targets.get(0)), EventFieldsTable.createTable(targets.get(1)),
                        EventFieldsTable.createView(targets));
    }

    @Test
    void postgresqlCreatesEveryTargetSchema() {
        assertThat(WarehouseSchema.statements(Warehouse.POSTGRESQL, List.of(SqlIdentifier.of("payroll.events")),
                false, List.of())).contains("CREATE SCHEMA IF NOT EXISTS payroll");
    }

    @Test
    void theOneLedgerTableOfEarlierReleasesIsRenamedBeforeAnythingElseUsesItsName() {
        List<String> ddl = WarehouseSchema.statements(Warehouse.REDSHIFT, List.of(SqlIdentifier.of("public.events")),
                true, List.of());

        assertThat(ddl.subList(0, 3)).containsExactly("CREATE SCHEMA IF NOT EXISTS event_pipeline",
                "ALTER TABLE event_pipeline.loads RENAME TO loads_legacy", LedgerTable.createTable(LedgerTable.LEGACY));
        assertThat(ddl).anyMatch(s -> s.startsWith("CREATE OR REPLACE VIEW event_pipeline.loads AS"));
    }

    @Test
    void theViewKeepsTheLedgersOfTargetsThisLoaderDoesNotRoute() {
        SqlIdentifier other = SqlIdentifier.of("event_pipeline.loads__public__payments");

        List<String> ddl = WarehouseSchema.statements(Warehouse.POSTGRESQL, List.of(SqlIdentifier.of("public.events")),
                false, List.of(other));

        assertThat(ddl).contains(LedgerTable.createView(
                List.of(other, SqlIdentifier.of("event_pipeline.loads__public__events"))));
        assertThat(ddl).noneMatch(s -> s.contains("CREATE TABLE IF NOT EXISTS " + other.sql()));
    }
}
