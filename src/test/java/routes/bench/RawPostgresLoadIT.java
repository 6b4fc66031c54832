package routes.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import routes.PipelineBeans;
import routes.batch.AdmissionVerdict;
import routes.batch.EventAdmission;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.contract.EventFieldsTable;
import routes.contract.LedgerTable;
import routes.contract.SqlIdentifier;
import routes.testing.EmbeddedServices;
import routes.testing.Warehouse;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code raw · postgres load} on a tiny plan against the embedded PostgreSQL: every admitted event ends up as one row
 * of the target, loaded by the loader's own unit of work in transactions of whole objects, each object recorded in
 * the target's ledger and its fields in the target's field history.
 */
@ExtendWith(EmbeddedServices.class)
class RawPostgresLoadIT {

    private static final SqlIdentifier TABLE = SqlIdentifier.of("bench.events_rawload_it");
    private static final BenchPlan PLAN = BenchPlan.of(1_000, 10, 1, List.of(1), 350, 1_000, Path.of("target/bench-it"), 1, 60);

    @Test
    void everyAdmittedEventIsLoadedOnceByTheLoadersOwnWorkInTransactionsOfWholeObjects() throws Exception {
        PipelineSettings settings = PipelineSettings.builder().profile("local")
                .set(Setting.WAREHOUSE_USER, EmbeddedServices.dbUser())
                .set(Setting.WAREHOUSE_PASSWORD, EmbeddedServices.dbPassword())
                .build();

        StageResult result = new RawPostgresLoad(PLAN, EmbeddedServices.jdbcUrl(), 500).run(settings, TABLE, 40);

        long admitted = admitted(settings);
        assertThat(admitted).as("the synthetic events are mostly admitted").isGreaterThan(900);
        assertThat(result.group()).isEqualTo("raw");
        assertThat(result.name()).isEqualTo(BenchReport.RAW_POSTGRES_LOAD);
        assertThat(result.events()).isEqualTo(admitted);
        assertThat(result.seconds()).isPositive();
        assertThat(result.note()).contains("loads of up to 500 rows", "stage", "dedupe insert");
        assertThat(Warehouse.rows(TABLE.sql())).isEqualTo(admitted);
        assertThat(Warehouse.distinctIds(TABLE.sql())).isEqualTo(admitted);
        // objects of at most 40 events of one key, each in the ledger once, and every row from one of them
        long objects = Warehouse.count("SELECT count(*) FROM " + LedgerTable.of(TABLE).sql());
        assertThat(objects).isEqualTo(Warehouse.count("SELECT count(DISTINCT batch_id) FROM " + TABLE.sql()))
                .isGreaterThanOrEqualTo((admitted + 39) / 40);
        assertThat(Warehouse.count("SELECT max(n) FROM (SELECT count(*) AS n FROM " + TABLE.sql() + " GROUP BY batch_id) b"))
                .isBetween(1L, 40L);
        assertThat(Warehouse.count("SELECT count(*) FROM (SELECT batch_id FROM " + TABLE.sql()
                + " GROUP BY batch_id HAVING count(DISTINCT event_key) > 1) b")).as("one key per object").isZero();
        assertThat(Warehouse.count("SELECT sum(rows_inserted) FROM " + LedgerTable.of(TABLE).sql())).isEqualTo(admitted);
        // at most 500 rows per transaction: at least two loads of ~1,000 rows
        assertThat(Warehouse.count("SELECT count(DISTINCT load_id) FROM " + LedgerTable.of(TABLE).sql()))
                .isGreaterThanOrEqualTo(2);
        assertThat(Warehouse.count("SELECT max(n) FROM (SELECT sum(record_count) AS n FROM " + LedgerTable.of(TABLE).sql()
                + " GROUP BY load_id) l")).isBetween(1L, 500L);
        assertThat(Warehouse.count("SELECT count(DISTINCT event_key) FROM " + EventFieldsTable.tableFor(TABLE).sql()))
                .as("the field history step ran").isEqualTo(Warehouse.count("SELECT count(DISTINCT event_key) FROM " + TABLE.sql()));
    }

    /** The events the batcher's admission accepts out of the plan's. */
    private static long admitted(PipelineSettings settings) {
        EventAdmission admission = PipelineBeans.eventAdmission(settings);
        BenchEvents events = new BenchEvents(PLAN, PLAN.events());
        long accepted = 0;
        long offset = 0;
        for (BenchEvents.Chunk chunk = events.next(BenchPlan.CHUNK); chunk.size() > 0; chunk = events.next(BenchPlan.CHUNK)) {
            for (byte[] value : chunk.values()) {
                if (admission.admit(value, BenchEnvironment.EVENTS, 0, offset++, 0) instanceof AdmissionVerdict.Accepted) {
                    accepted++;
                }
            }
        }
        return accepted;
    }
}
