package routes.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import routes.PipelineRuntime;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.contract.LedgerTable;
import routes.local.SyntheticEvents;
import routes.monitor.PipelineMetrics;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The whole pipeline at a fixed rate. Each event's id carries its produce time ({@code b<epoch ms>-<n>}); a
 * watcher polls the load ledger every 100 ms and notes when each load became visible; latency is then
 * computed in PostgreSQL with {@code percentile_cont} over every loaded row. The split comes from the
 * pipeline's own timers (batch write, S3 put, load transaction) and the configured windows. Two modes, each on
 * its own topic, table and runtime: {@link #DEFAULT} with the bench windows, {@link #SHORT} with 5 s batches and
 * 1 s loads (the last line's {@code p99_short_ms}).
 */
final class LatencyPhase {

    /**
     * One latency mode: its phase name (groups, topic B, prefix, table), its topic A, and the windows it sets
     * (none: the bench windows, or what the command line set).
     */
    record Mode(String name, String eventsTopic, Map<String, String> windows) {
    }

    static final Mode DEFAULT = new Mode("latency", BenchEnvironment.LATENCY_EVENTS, Map.of());
    static final Mode SHORT = new Mode("latency-short", BenchEnvironment.LATENCY_SHORT_EVENTS, Map.of(
            Setting.BATCH_MAX_AGE_MS, Long.toString(BenchPlan.SHORT_BATCH_MAX_AGE_MS),
            Setting.LOAD_WINDOW_MS, Long.toString(BenchPlan.SHORT_LOAD_WINDOW_MS)));

    private static final long WATCH_MS = 100;

    private final BenchEnvironment env;
    private final Mode mode;

    LatencyPhase(BenchEnvironment env, Mode mode) {
        this.env = env;
        this.mode = mode;
    }

    LatencyResult run() throws Exception {
        BenchPlan plan = env.plan();
        PipelineSettings.Builder builder = env.phase(mode.name(), mode.eventsTopic(), mode.name(), 0);
        mode.windows().forEach(builder::set);
        PipelineSettings settings = builder.build();
        String table = BenchEnvironment.table(mode.name());
        Map<String, Long> visibleAt = new ConcurrentHashMap<>();
        try (PipelineRuntime runtime = PipelineRuntime.start(settings);
             Connection db = DriverManager.getConnection(env.jdbcUrl(), settings.get(Setting.WAREHOUSE_USER),
                     settings.secret(Setting.WAREHOUSE_PASSWORD))) {
            Thread watcher = new Thread(() -> watch(settings, table, visibleAt), "bench-ledger-watch");
            watcher.setDaemon(true);
            watcher.start();
            MachineCpu before = MachineCpu.now();
            long produced = produce(plan, settings, mode.eventsTopic());
            double machineCpu = MachineCpu.now().percentSince(before, Runtime.getRuntime().availableProcessors());
            long deadline = System.nanoTime() + plan.phaseTimeout().toNanos();
            List<PipelineRuntime> one = List.of(runtime);
            PipelinePhases.await(() -> PipelinePhases.sum(one, PipelineMetrics.EVENTS_CONSUMED) >= produced, deadline);
            PipelinePhases.await(() -> PipelinePhases.sum(one, PipelineMetrics.BATCH_RECORDS)
                    + PipelinePhases.sum(one, PipelineMetrics.EVENTS_DROPPED) >= produced, deadline);
            PipelinePhases.await(() -> PipelinePhases.sum(one, PipelineMetrics.ROWS_INSERTED)
                    >= PipelinePhases.sum(one, PipelineMetrics.BATCH_RECORDS), deadline);
            Thread.sleep(2 * WATCH_MS);
            watcher.interrupt();
            watcher.join();
            double[] visible = percentiles(db, table, visibleAt);
            double loadedAtP99 = p99(db, "extract(epoch from loaded_at) * 1000 - " + produceMillis(), table);
            double occurredAtP99 = p99(db, "extract(epoch from (loaded_at - occurred_at)) * 1000", table);
            Map<String, String> split = split(settings, runtime.beans().metrics().registry());
            split.put("machine CPU while producing (/proc/stat: every process, PostgreSQL included)", String.format(Locale.ROOT,
                    "%.0f %% of %d %%", machineCpu, 100 * Runtime.getRuntime().availableProcessors()));
            long rows = (long) PipelinePhases.sum(one, PipelineMetrics.ROWS_INSERTED);
            split.put("rows visible when measured (percentiles cover only these)", String.format("%,d of %,d produced%s", rows,
                    produced, System.nanoTime() > deadline ? " — phase bound hit, the slowest rows are missing: p99 is a lower bound" : ""));
            return new LatencyResult(plan.rate(), produced, visible[0], visible[1], visible[2], visible[3],
                    loadedAtP99, occurredAtP99, split);
        }
    }

    /** Publishes at the plan's rate for its duration (token bucket, 5 ms ticks); returns the count sent. */
    private static long produce(BenchPlan plan, PipelineSettings settings, String topic) {
        SyntheticEvents events = new SyntheticEvents(plan.seed(), plan.keys(), plan.eventBytes());
        long total = (long) plan.rate() * plan.latencySeconds();
        long sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                RawBaselines.producerConfig(settings.get(Setting.KAFKA_BOOTSTRAP_SERVERS)),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            while (sent < total) {
                long due = Math.min(total, (long) ((System.nanoTime() - start) / 1e9 * plan.rate()));
                while (sent < due) {
                    byte[] value = events.next("b" + System.currentTimeMillis() + "-" + sent);
                    producer.send(new ProducerRecord<>(topic,
                            events.lastEventKey().getBytes(StandardCharsets.UTF_8), value));
                    sent++;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            producer.flush();
        }
        return sent;
    }

    /** Notes the first time each load id of the table shows up in the ledger (i.e. its commit is visible). */
    private void watch(PipelineSettings settings, String table, Map<String, Long> visibleAt) {
        try (Connection c = DriverManager.getConnection(env.jdbcUrl(), settings.get(Setting.WAREHOUSE_USER),
                settings.secret(Setting.WAREHOUSE_PASSWORD));
             PreparedStatement ps = c.prepareStatement(
                     "SELECT DISTINCT load_id FROM " + LedgerTable.NAME + " WHERE target_table = ?")) {
            ps.setString(1, table);
            while (!Thread.currentThread().isInterrupted()) {
                long now = System.currentTimeMillis();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        visibleAt.putIfAbsent(rs.getString(1), now);
                    }
                }
                Thread.sleep(WATCH_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            throw new IllegalStateException("ledger watch failed: " + e.getMessage(), e);
        }
    }

    private static String produceMillis() {
        return "split_part(substr(e.event_id, 2), '-', 1)::bigint";
    }

    /** p50, p95, p99, max of (load visible − produce time) over every row of the table, in ms. */
    private static double[] percentiles(Connection db, String table, Map<String, Long> visibleAt) throws SQLException {
        try (Statement st = db.createStatement()) {
            st.execute("CREATE TEMP TABLE IF NOT EXISTS bench_visible (load_id varchar(64) PRIMARY KEY, visible_at timestamptz NOT NULL)");
        }
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO bench_visible VALUES (?, ?)")) {
            for (Map.Entry<String, Long> e : visibleAt.entrySet()) {
                ps.setString(1, e.getKey());
                ps.setTimestamp(2, new Timestamp(e.getValue()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        String sql = "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), percentile_cont(0.95) WITHIN GROUP (ORDER BY ms),"
                + " percentile_cont(0.99) WITHIN GROUP (ORDER BY ms), max(ms) FROM ("
                + " SELECT extract(epoch from v.visible_at) * 1000 - " + produceMillis() + " AS ms"
                + " FROM " + table + " e JOIN " + LedgerTable.NAME + " l ON l.batch_id = e.batch_id"
                + " JOIN bench_visible v ON v.load_id = l.load_id) x";
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return new double[] {value(rs, 1), value(rs, 2), value(rs, 3), value(rs, 4)};
        }
    }

    private static double p99(Connection db, String expression, String table) throws SQLException {
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY " + expression + ") FROM " + table + " e")) {
            rs.next();
            return value(rs, 1);
        }
    }

    private static double value(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }

    private static Map<String, String> split(PipelineSettings settings, MeterRegistry registry) {
        Map<String, String> split = new LinkedHashMap<>();
        long age = settings.getLong(Setting.BATCH_MAX_AGE_MS);
        long window = settings.getLong(Setting.LOAD_WINDOW_MS);
        Figures write = Figures.of(registry, PipelineMetrics.BATCH_WRITE);
        Figures put = Figures.of(registry, PipelineMetrics.S3_PUT);
        Figures load = Figures.of(registry, PipelineMetrics.LOAD_DURATION);
        split.put("batch age when announced, first event → notification acknowledged (pipeline.batch.age)",
                ages(registry) + "; due at " + age / 2 + " to " + age + " ms (pipeline.batch.max-age-ms=" + age + "), checked every "
                + settings.getLong(Setting.BATCH_AGE_CHECK_INTERVAL_MS) + " ms: the rest is the write and its queue");
        split.put("gzip + S3 put + notify (pipeline.batch.write)", write.toString());
        split.put("of which S3 put (pipeline.s3.put)", put.toString());
        split.put("of which gzip + notify (write − put, means)", String.format("mean %.0f ms", Math.max(0, write.mean - put.mean)));
        split.put("load wait (group commit: until the table's load in flight ends, + pipeline.load.min-interval-ms)",
                "0 when the table is idle, at most " + window + " ms (pipeline.load.window-ms), min interval "
                + settings.getLong(Setting.LOAD_MIN_INTERVAL_MS) + " ms");
        split.put("load transaction: COPY, dedupe, insert, ledger (pipeline.load.duration)", load.toString());
        return split;
    }

    /** The batch age timer's client-side quantiles and max, in ms. */
    private static String ages(MeterRegistry registry) {
        Timer ages = registry.find(PipelineMetrics.BATCH_AGE).timer();
        if (ages == null || ages.count() == 0) {
            return "no batch announced";
        }
        StringBuilder out = new StringBuilder();
        for (ValueAtPercentile v : ages.takeSnapshot().percentileValues()) {
            out.append(String.format(Locale.ROOT, "p%.0f %.0f ms, ", v.percentile() * 100, v.value(TimeUnit.MILLISECONDS)));
        }
        return out.append(String.format(Locale.ROOT, "max %.0f ms over %,d", ages.max(TimeUnit.MILLISECONDS), ages.count()))
                .toString();
    }

    /** Count, mean and max of all timers with this name, in ms. */
    private record Figures(long count, double mean, double max) {
        static Figures of(MeterRegistry registry, String name) {
            long count = 0;
            double total = 0;
            double max = 0;
            for (Timer t : registry.find(name).timers()) {
                count += t.count();
                total += t.totalTime(TimeUnit.MILLISECONDS);
                max = Math.max(max, t.max(TimeUnit.MILLISECONDS));
            }
            return new Figures(count, count == 0 ? 0 : total / count, max);
        }

        @Override
        public String toString() {
            return String.format("mean %.0f ms, max %.0f ms over %,d", mean, max, count);
        }
    }
}
