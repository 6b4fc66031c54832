package routes.bench;

import com.zaxxer.hikari.HikariDataSource;
import routes.PipelineBeans;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.config.WarehouseSettings;
import routes.contract.BatchNotification;
import routes.contract.SqlIdentifier;
import routes.contract.Warehouse;
import routes.load.BatchRejectedException;
import routes.load.LoadAttempt;
import routes.load.PostgresDialect;
import routes.load.WarehouseDataSource;
import routes.load.WarehouseLoad;
import routes.load.WarehouseSchema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code raw · postgres load}: the loader's warehouse work alone. The admitted events of {@code raw · postgres copy}
 * become the objects and notifications the batcher would write ({@link BenchBatchObjects}, built untimed and served
 * from memory by {@link MemoryObjectStore}), and are loaded into a fresh table of the target's shape by the loader's
 * own unit of work, {@link WarehouseLoad#run} with {@link PostgresDialect} (statement limits, the table's lock, the
 * ledger read, the stage's COPY, ANALYZE, the dedupe insert, the ledger rows, the field history), then COMMIT, on a
 * connection configured as the loader's pool configures it. A transaction takes whole objects up to the bench's 50k
 * rows rather than raw COPY's chunks themselves: an object holds one key's events (the loader checks it), and a chunk
 * of 50k events over 1,000 keys holds ~50 per key, a tenth of the batcher's objects. Only the transactions are timed:
 * no Kafka, no S3, no Camel. Against raw COPY (one COPY straight into the target) this prices the exactly-once design
 * (every row written twice, one index probe per row for the dedupe); against the loader phase, the pipeline around it.
 */
final class RawPostgresLoad {

    private static final String PREFIX = "bench/rawload/";

    private final BenchPlan plan;
    private final String jdbcUrl;
    private final int rowsPerLoad;

    /** @param rowsPerLoad rows one transaction takes at most (whole objects; at least one object) */
    RawPostgresLoad(BenchPlan plan, String jdbcUrl, int rowsPerLoad) {
        this.plan = plan;
        this.jdbcUrl = jdbcUrl;
        this.rowsPerLoad = rowsPerLoad;
    }

    /**
     * @param eventsPerObject the batcher phase's mean events per object, or 0 when there is none
     *                        ({@link BenchBatchObjects#DEFAULT_EVENTS_PER_OBJECT} then)
     */
    StageResult run(PipelineSettings settings, SqlIdentifier table, double eventsPerObject) throws Exception {
        int perObject = eventsPerObject >= 1 ? (int) Math.round(eventsPerObject) : BenchBatchObjects.DEFAULT_EVENTS_PER_OBJECT;
        String bucket = settings.get(Setting.S3_BUCKET);
        // built before the sampler starts: the batcher's work, not the load's
        List<BenchBatchObjects.BatchObject> objects = BenchBatchObjects.of(plan, plan.events(),
                PipelineBeans.eventAdmission(settings), settings.getInt(Setting.BATCH_GZIP_LEVEL), perObject,
                table.sql(), bucket, PREFIX);
        MemoryObjectStore store = new MemoryObjectStore();
        objects.forEach(o -> store.put(bucket, o.notification().key(), o.body()));
        PostgresDialect dialect = new PostgresDialect(store);
        WarehouseLoad load = new WarehouseLoad(dialect, WarehouseSettings.of(settings).statementTimeout());
        Totals totals = new Totals();
        ResourceSampler sampler;
        try (HikariDataSource pool = new HikariDataSource(WarehouseDataSource.config(Warehouse.POSTGRESQL, jdbcUrl,
                settings.get(Setting.WAREHOUSE_USER), settings.secret(Setting.WAREHOUSE_PASSWORD), 1));
             Connection c = pool.getConnection()) {
            WarehouseSchema.bootstrap(c, dialect, List.of(table));
            c.setAutoCommit(false);
            sampler = ResourceSampler.start();
            long deadline = System.nanoTime() + plan.phaseTimeout().toNanos() / 2;
            List<BenchBatchObjects.BatchObject> part = new ArrayList<>();
            long partRows = 0;
            for (BenchBatchObjects.BatchObject object : objects) {
                long rows = object.notification().recordCount();
                if (!part.isEmpty() && partRows + rows > rowsPerLoad) {
                    loadAndCommit(c, load, table, part, totals, store);
                    part.clear();
                    partRows = 0;
                    if (System.nanoTime() > deadline) {
                        break;
                    }
                }
                part.add(object);
                partRows += rows;
            }
            if (!part.isEmpty()) { // empty when the deadline ended the loop
                loadAndCommit(c, load, table, part, totals, store);
            }
        }
        return StageResult.of("raw", BenchReport.RAW_POSTGRES_LOAD, totals.rows, totals.ndjsonBytes, totals.nanos / 1e9,
                sampler.stop(), String.format("the loader's WarehouseLoad.run (PostgresDialect: lock, ledger, stage COPY,"
                                + " dedupe insert, field history) + COMMIT into the target shape, objects from memory:"
                                + " %,d loads of up to %,d rows, %,d objects of %.0f events on average; stage %.1f s, dedupe insert %.1f s",
                        totals.loads, rowsPerLoad, totals.objects, totals.objects == 0 ? 0.0 : (double) totals.rows / totals.objects,
                        totals.stageMillis / 1e3, totals.mergeMillis / 1e3));
    }

    /** One load's transaction, timed from its first statement to its COMMIT; a batch left out fails the stage. */
    private static void loadAndCommit(Connection c, WarehouseLoad load, SqlIdentifier table,
                                      List<BenchBatchObjects.BatchObject> part, Totals totals, MemoryObjectStore store)
            throws SQLException {
        List<BatchNotification> batches = part.stream().map(BenchBatchObjects.BatchObject::notification).toList();
        LoadAttempt attempt = LoadAttempt.of(table, "bench-load-" + totals.loads, batches);
        long rows = batches.stream().mapToLong(BatchNotification::recordCount).sum();
        long start = System.nanoTime();
        try {
            load.run(c, attempt);
            if (!attempt.failed().isEmpty() || attempt.inserted() != rows) {
                throw new IllegalStateException("the bench's own objects did not load whole: " + attempt.inserted()
                        + " of " + rows + " rows inserted, " + attempt.failed().size() + " batches left out");
            }
            c.commit();
        } catch (BatchRejectedException e) {
            c.rollback();
            throw new IllegalStateException("the bench's own objects were rejected", e);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
        totals.nanos += System.nanoTime() - start;
        totals.loads++;
        totals.objects += part.size();
        totals.rows += rows;
        totals.ndjsonBytes += part.stream().mapToLong(BenchBatchObjects.BatchObject::ndjsonBytes).sum();
        totals.stageMillis += attempt.stageMillis();
        totals.mergeMillis += attempt.mergeMillis();
        batches.forEach(b -> store.remove(b.bucket(), b.key()));
    }

    /** What the committed loads did. */
    private static final class Totals {
        long nanos;
        long loads;
        long objects;
        long rows;
        long ndjsonBytes;
        long stageMillis;
        long mergeMillis;
    }
}
