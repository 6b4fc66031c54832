package routes.load;

import routes.config.Setting;
import routes.contract.BatchNotification;
import routes.contract.SqlIdentifier;
import routes.monitor.PipelineMetrics;
import routes.monitor.TablePauses;
import routes.contract.TableRouting;
import routes.testing.Sql;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The loader's routes (routes.yaml, through {@link LoaderRouteHarness}) against a real PostgreSQL 14 (zonky embedded) with batch objects held in memory. */
class PostgresWarehouseLoaderIT {

    private static final String BUCKET = "event-logs";
    private static final String KEY = "payroll.run";
    private static final String APP = "loader-it";

    private static EmbeddedPostgres pg;
    private static HikariDataSource pool;
    /** The test's own statements and read-backs. */
    private static Sql db;

    private final InMemoryObjectStore objects = new InMemoryObjectStore();
    private static final Map<String, String> FAST_RETRIES = Map.of(
            Setting.LOAD_RETRY_INITIAL_MS, "10", Setting.LOAD_RETRY_MAX_MS, "100");
    private LoaderRouteHarness loader;
    /** As the application's: the next objects of a load are fetched while the current one is copied. */
    private final ObjectFetcher fetcher = new ObjectFetcher(objects, 4, 32L << 20);

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres") + "&ApplicationName=" + APP);
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
        db = Sql.on(pool);
        try (Connection c = pool.getConnection()) {
            WarehouseSchema.bootstrap(c, new PostgresDialect(new InMemoryObjectStore()),
                    TableRouting.parse("*=public.events").tables());
            WarehouseSchema.bootstrap(c, new PostgresDialect(new InMemoryObjectStore()),
                    TableRouting.parse("*=public.events").tables()); // idempotent
        }
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        pool.close();
        pg.close();
    }

    @BeforeEach
    void emptyTables() throws Exception {
        db.execute("TRUNCATE public.events");
        // every ledger table under the view, including those of the tables a test loads besides public.events
        for (String ledger : db.strings("SELECT schemaname || '.' || tablename FROM pg_tables WHERE schemaname = 'event_pipeline'")) {
            db.execute("TRUNCATE " + ledger);
        }
        loader = new LoaderRouteHarness(pool, new PostgresDialect(fetcher), LoadSettings.defaults(), FAST_RETRIES);
    }

    @AfterEach
    void stopLoaderRoutes() {
        loader.close();
        fetcher.close();
    }

    // ---- behaviour --------------------------------------------------------------------------------

    @Test
    void loadsEveryEventExactlyOnceAndRecordsEachBatch() throws Exception {
        List<BatchNotification> batches = List.of(batch("b1", range(0, 100)), batch("b2", range(100, 200)),
                batch("b3", range(200, 300)));

        LoadReport report = loader.load("public.events", batches);

        assertThat(report.batchesLoaded()).isEqualTo(3);
        assertThat(report.rowsInserted()).isEqualTo(300);
        assertThat(report.duplicatesSkipped()).isZero();
        assertThat(report.failed()).isEmpty();
        assertThat(db.count("SELECT count(*) FROM public.events")).isEqualTo(300);
        assertThat(db.count("SELECT count(DISTINCT event_id) FROM public.events")).isEqualTo(300);
        assertThat(db.single("SELECT payload->>'note' FROM public.events WHERE event_id = 'e-7'"))
                .isEqualTo("quote \" and, comma \u00e9\u20ac \\ back");
        assertThat(db.single("SELECT occurred_at = '2025-03-01T05:00:07Z'::timestamptz FROM public.events"
                + " WHERE event_id = 'e-7'")).isEqualTo("t");
        assertThat(db.single("SELECT batch_id FROM public.events WHERE event_id = 'e-150'")).isEqualTo("b2");
        assertThat(ledger()).containsExactly(
                "b1 public.events 100 100 0 " + report.loadId(),
                "b2 public.events 100 100 0 " + report.loadId(),
                "b3 public.events 100 100 0 " + report.loadId());
    }

    @Test
    void theWaitForTheTablesLockIsTheLoadLinesLockMsApartFromItsSteps() throws Exception {
        BatchNotification held = batch("held", range(0, 10));
        try (Connection holder = pool.getConnection()) {
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(hashtextextended('event-pipeline load public.events', 0))");
            }
            java.util.concurrent.CompletableFuture<LoadReport> load = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> loader.load("public.events", List.of(held)));
            Thread.sleep(1_200); // the load waits behind the open transaction meanwhile
            holder.commit();

            LoadReport report = load.get(30, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(report.batchesLoaded()).isEqualTo(1);
            assertThat(report.lockMillis()).isBetween(900L, report.millis());
            assertThat(report.stageMillis() + report.mergeMillis()).isLessThan(report.lockMillis());
            assertThat(report.logLine(LoadStart.IDLE)).contains(" lock_ms=" + report.lockMillis());
        }
    }

    @Test
    void redeliveredNotificationLoadsNothingTwice() throws Exception {
        List<BatchNotification> batches = List.of(batch("b1", range(0, 50)), batch("b2", range(50, 100)));
        loader.load("public.events", batches);

        LoadReport again = loader.load("public.events", List.of(batches.get(1), batches.get(0), batches.get(0)));

        assertThat(again.batchesLoaded()).isZero();
        assertThat(again.batchesAlreadyLoaded()).isEqualTo(3);
        assertThat(again.rowsInserted()).isZero();
        assertThat(db.count("SELECT count(*) FROM public.events")).isEqualTo(100);
        assertThat(db.count("SELECT count(*) FROM event_pipeline.loads")).isEqualTo(2);
    }

    @Test
    void overlappingBatchesKeepEachEventOnceAndCountDuplicates() throws Exception {
        LoadReport first = loader.load("public.events", List.of(batch("a", range(0, 100)), batch("b", range(50, 150))));

        assertThat(first.rowsInserted()).isEqualTo(150);
        assertThat(first.duplicatesSkipped()).isEqualTo(50);
        assertThat(ledger()).containsExactly("a public.events 100 100 0 " + first.loadId(),
                "b public.events 100 50 50 " + first.loadId());

        // A later batch repeating already-loaded events: the anti-join against the target skips them.
        LoadReport second = loader.load("public.events", List.of(batch("c", range(140, 160))));
        assertThat(second.rowsInserted()).isEqualTo(10);
        assertThat(second.duplicatesSkipped()).isEqualTo(10);
        assertThat(db.count("SELECT count(*) FROM public.events")).isEqualTo(160);
        assertThat(db.count("SELECT count(DISTINCT event_id) FROM public.events")).isEqualTo(160);
    }

    @Test
    void brokenBatchesFailAloneWhileTheOthersLoad() throws Exception {
        BatchNotification good = batch("good", range(0, 20));
        BatchNotification missing = notification("missing", 5, new byte[] {1, 2, 3});
        BatchNotification corrupt = store(notification("corrupt", 5, "not gzip at all".getBytes()), "not gzip at all".getBytes());
        BatchNotification checksum = withSha(batch("checksum", range(100, 105)), "0".repeat(64));
        BatchNotification count = withCount(batch("count", range(200, 205)), 6);
        BatchNotification notJson = rawBatch("notjson", List.of(event(300, KEY), "{\"event_id\": oops"));
        BatchNotification otherKey = rawBatch("otherkey", List.of(event(400, KEY), event(401, "hr.run")));
        BatchNotification rejected = rawBatch("rejected", List.of(event(500, KEY),
                "{\"event_id\":\"e-501\",\"event_key\":\"payroll.run\",\"occurred_at\":\"2025-03-01T07:00:00+02:00\","
                        + "\"bad\":\"\\u0000\"}"));
        // PostgreSQL's timestamptz input would take 'now' (the load's own time): the stager must refuse it first
        BatchNotification notIso = rawBatch("notiso", List.of(event(550, KEY),
                "{\"event_id\":\"e-551\",\"event_key\":\"" + KEY + "\",\"occurred_at\":\"now\"}"));
        BatchNotification tail = batch("tail", range(600, 610));
        BatchNotification elsewhere = withTable(batch("elsewhere", range(700, 710)), "public.payroll_events");

        LoadReport report = loader.load("public.events",
                List.of(good, missing, corrupt, checksum, count, notJson, otherKey, rejected, notIso, tail, elsewhere));

        Map<String, String> reasons = new LinkedHashMap<>();
        report.failed().forEach(f -> reasons.put(f.batch().batchId(), f.reason()));
        System.out.println("failed batches: " + reasons);
        assertThat(reasons).containsOnlyKeys("missing", "corrupt", "checksum", "count", "notjson", "otherkey", "rejected",
                "notiso", "elsewhere");
        assertThat(reasons.get("elsewhere")).isEqualTo("notification is for another table");
        assertThat(reasons.get("missing")).isEqualTo("object missing");
        assertThat(reasons.get("corrupt")).isEqualTo("corrupt gzip");
        assertThat(reasons.get("checksum")).isEqualTo("sha256 mismatch");
        assertThat(reasons.get("count")).startsWith("record count mismatch");
        assertThat(reasons.get("notjson")).isEqualTo("line 2 is not valid JSON");
        assertThat(reasons.get("otherkey")).isEqualTo("line 2: event_key differs from the notification's");
        assertThat(reasons.get("rejected")).startsWith("rejected by PostgreSQL: 22P05");
        assertThat(reasons.get("notiso")).isEqualTo("line 2: occurred_at is not ISO-8601 with offset");
        assertThat(report.batchesLoaded()).isEqualTo(2);
        assertThat(report.rowsInserted()).isEqualTo(30);
        assertThat(db.count("SELECT count(*) FROM public.events")).isEqualTo(30);
        assertThat(db.count("SELECT count(*) FROM public.events WHERE batch_id NOT IN ('good', 'tail')")).isZero();
        assertThat(ledger()).extracting(l -> l.split(" ")[0]).containsExactly("good", "tail");
    }

    @Test
    void connectionKilledDuringStagingIsRetriedAndLoadsOnce() throws Exception {
        List<BatchNotification> batches = List.of(batch("k1", range(0, 100)), batch("k2", range(100, 200)),
                batch("k3", range(200, 300)));
        AtomicInteger kills = new AtomicInteger();
        objects.onOpen(key -> {
            if (key.contains("/k2.") && kills.getAndIncrement() == 0) {
                terminateLoaderBackends(); // k1 is staged, the transaction is open: kill its backend
            }
        });

        LoadReport report = loader.load("public.events", batches);

        assertThat(kills.get()).isEqualTo(2); // opened once in the killed attempt, once in the retry
        assertThat(report.batchesLoaded()).isEqualTo(3);
        assertThat(report.rowsInserted()).isEqualTo(300);
        assertThat(db.count("SELECT count(*) FROM public.events")).isEqualTo(300);
        assertThat(db.count("SELECT count(DISTINCT event_id) FROM public.events")).isEqualTo(300);
        assertThat(ledger()).hasSize(3).allSatisfy(l -> assertThat(l).endsWith(report.loadId()));
    }

    @Test
    void aPrefetchedObjectTheStoreCannotReadFailsTheAttemptAndTheRetryLoadsEverythingOnce() throws Exception {
        List<BatchNotification> batches = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            batches.add(batch("s" + i, range(i * 20L, i * 20L + 20)));
        }
        objects.failReads(batches.get(9).key(), 1); // fetched ahead while s0.. are copied

        LoadReport report = loader.load("public.events", batches);

        assertThat(report.failed()).isEmpty();
        assertThat(report.batchesLoaded()).isEqualTo(12);
        assertThat(report.rowsInserted()).isEqualTo(240);
        assertThat(db.count("SELECT count(*) FROM public.events")).isEqualTo(240);
        assertThat(ledger()).hasSize(12).allSatisfy(l -> assertThat(l).endsWith(report.loadId()));
    }

    @Test
    void unavailableDatabaseIsRetriedUntilItAnswers() throws Exception {
        AtomicInteger refusals = new AtomicInteger(3);
        DataSource flaky = new FlakyDataSource(pool, refusals);
        LoadReport report;
        try (LoaderRouteHarness patient = new LoaderRouteHarness(flaky, new PostgresDialect(fetcher),
                LoadSettings.defaults(), FAST_RETRIES)) {
            report = patient.load("public.events", List.of(batch("f1", range(0, 10))));
        }

        assertThat(refusals.get()).isNegative();
        assertThat(report.rowsInserted()).isEqualTo(10);
        assertThat(db.count("SELECT count(*) FROM event_pipeline.loads WHERE batch_id = 'f1'")).isEqualTo(1);
    }

    @Test
    void aMissingTablePausesItsLoadsUntilItExistsAndNothingIsDeadLettered() throws Exception {
        String table = "public.dropped_events";
        List<BatchNotification> cycle = List.of(withTable(batch("p1", range(0, 10)), table),
                withTable(batch("p2", range(10, 20)), table));
        // as a target dropped after the loader's start: its ledger is still there, the target is not
        db.execute(routes.contract.LedgerTable.createTable(routes.contract.LedgerTable.of(SqlIdentifier.of(table)).sql()));
        CompletableFuture<LoadReport> load = CompletableFuture.supplyAsync(() -> loader.load(table, cycle));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> !loader.pauses().paused().isEmpty());
            TablePauses.Pause pause = loader.pauses().paused().get(0);
            assertThat(pause.table()).isEqualTo(table);
            assertThat(pause.reason()).isEqualTo("missing_relation");
            assertThat(pause.sqlState()).isEqualTo("42P01");
            assertThat(pause.step()).isEqualTo("merge");
            assertThat(load).isNotDone();

            try (Connection c = pool.getConnection()) {
                WarehouseSchema.bootstrap(c, new PostgresDialect(new InMemoryObjectStore()), List.of(SqlIdentifier.of(table)));
            }
            LoadReport report = load.get(30, TimeUnit.SECONDS);

            assertThat(report.failed()).isEmpty();
            assertThat(report.isolations()).isEmpty();
            assertThat(loader.deadLetters()).isEmpty();
            assertThat(db.count("SELECT count(*) FROM " + table)).isEqualTo(20);
            assertThat(loader.pauses().paused()).isEmpty();
        } finally {
            db.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    @Test
    void aCopyCancelledByAnOperatorPausesTheLoadAndTheRetryLoadsEveryBatchOnce() throws Exception {
        List<BatchNotification> batches = List.of(batch("c1", range(0, 100)), batch("c2", range(100, 200)),
                batch("c3", range(200, 300)));
        AtomicInteger cancels = new AtomicInteger();
        objects.onOpen(key -> {
            if (key.contains("/c2.") && cancels.getAndIncrement() == 0) {
                cancelLoaderCopy(); // c1 is staged, c2's COPY is open: cancel the statement, not the session
            }
        });

        LoadReport report = loader.load("public.events", batches);

        assertThat(cancels.get()).isEqualTo(2);
        assertThat(report.failed()).as("a cancel is not the batch's fault").isEmpty();
        assertThat(loader.deadLetters()).isEmpty();
        assertThat(report.rowsInserted()).isEqualTo(300);
        assertThat(db.count("SELECT count(DISTINCT event_id) FROM public.events")).isEqualTo(300);
        assertThat(loader.meters().counter(PipelineMetrics.LOAD_PAUSES, "table", "public.events", "reason", "cancelled")
                .count()).isEqualTo(1.0);
    }

    @Test
    void poisonBatchThatFailsOnlyAtMergeTimeIsIsolatedAndEveryOtherBatchCommits() throws Exception {
        // Staging accepts every batch; the insert into the target refuses one event, as a Redshift cast or a NOT NULL
        // column would at merge time.
        db.execute("CREATE OR REPLACE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.event_id = 'e-345' THEN RAISE EXCEPTION 'poisoned event'; END IF; RETURN NEW; END $$");
        db.execute("CREATE TRIGGER refuse_poison BEFORE INSERT ON public.events FOR EACH ROW EXECUTE FUNCTION refuse_poison()");
        try {
            List<BatchNotification> cycle = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                cycle.add(batch("m" + i, range(i * 100, i * 100 + 100)));
            }

            LoadReport report = loader.load("public.events", cycle);

            assertThat(report.failed()).extracting(f -> f.batch().batchId()).containsExactly("m3");
            assertThat(report.failed().get(0).reason()).startsWith("load failed (merge): ").contains("poisoned event");
            assertThat(report.isolations()).containsExactly("merge");
            assertThat(report.batchesLoaded()).isEqualTo(9);
            assertThat(db.count("SELECT count(*) FROM public.events")).isEqualTo(900);
            assertThat(db.count("SELECT count(*) FROM public.events WHERE batch_id = 'm3'")).isZero();
            assertThat(ledger()).extracting(l -> l.split(" ")[0])
                    .containsExactly("m0", "m1", "m2", "m4", "m5", "m6", "m7", "m8", "m9");
        } finally {
            db.execute("DROP TRIGGER refuse_poison ON public.events");
        }
    }

    @Test
    void refusesInvalidTableNamesBeforeTouchingTheDatabase() {
        assertThatThrownBy(() -> loader.load("events; drop table x", List.of()))
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void measuresThroughputAgainstAPlainCopy() throws Exception {
        int batchCount = 10;
        int perBatch = 10_000;
        // Warm the JIT (and give the anti-join a non-empty target) with 20,000 other events first.
        LoadReport warm = loader.load("public.events", List.of(batch("warm-1", range(1_000_000, 1_010_000)),
                batch("warm-2", range(1_010_000, 1_020_000))));
        assertThat(warm.rowsInserted()).isEqualTo(20_000);
        List<BatchNotification> batches = new ArrayList<>();
        for (int i = 0; i < batchCount; i++) {
            batches.add(batch("perf-" + i, range((long) i * perBatch, (long) (i + 1) * perBatch)));
        }
        long t0 = System.nanoTime();
        LoadReport report = loader.load("public.events", batches);
        double loaderSeconds = (System.nanoTime() - t0) / 1e9;
        assertThat(report.rowsInserted()).isEqualTo((long) batchCount * perBatch);

        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        try (PrintWriter w = new PrintWriter(csv, false, StandardCharsets.UTF_8)) {
            for (long id = 0; id < (long) batchCount * perBatch; id++) {
                w.print("\"perf\",\"e-" + id + "\",\"" + KEY + "\",\"2025-03-01T05:00:00Z\",\""
                        + event(id, KEY).replace("\"", "\"\"") + "\"\n");
            }
        }
        db.execute("DROP TABLE IF EXISTS public.bare_copy");
        db.execute("CREATE TABLE public.bare_copy (batch_id varchar(128), event_id varchar(64), event_key varchar(128),"
                + " occurred_at timestamptz, payload jsonb)");
        long t1 = System.nanoTime();
        try (Connection c = pool.getConnection()) {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY public.bare_copy FROM STDIN WITH (FORMAT csv)",
                    new ByteArrayInputStream(csv.toByteArray()));
        }
        double copySeconds = (System.nanoTime() - t1) / 1e9;
        long rows = (long) batchCount * perBatch;
        System.out.printf("THROUGHPUT loader: %d rows in %.2f s = %.0f rows/s (gunzip+verify+COPY+dedupe+insert+ledger);"
                        + " plain COPY FROM STDIN into a bare table: %.2f s = %.0f rows/s%n",
                rows, loaderSeconds, rows / loaderSeconds, copySeconds, rows / copySeconds);
        db.execute("DROP TABLE public.bare_copy");
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static long[] range(long from, long to) {
        return LongStream.range(from, to).toArray();
    }

    private static String event(long id, String eventKey) {
        return "{\"event_id\":\"e-" + id + "\",\"event_key\":\"" + eventKey + "\",\"occurred_at\":\"2025-03-01T07:"
                + String.format("%02d:%02d", (id / 60) % 60, id % 60) + "+02:00\",\"amount\":" + (id * 7 % 1000)
                + ",\"note\":\"quote \\\" and, comma \u00e9\u20ac \\\\ back\",\"nested\":{\"a\":[1,2,{\"b\":null}]}}";
    }

    private BatchNotification batch(String batchId, long[] ids) throws IOException {
        return rawBatch(batchId, LongStream.of(ids).mapToObj(id -> event(id, KEY)).toList());
    }

    private BatchNotification rawBatch(String batchId, List<String> lines) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            for (String line : lines) {
                gz.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] body = bytes.toByteArray();
        return store(notification(batchId, lines.size(), body), body);
    }

    private BatchNotification store(BatchNotification n, byte[] body) {
        objects.put(n.bucket(), n.key(), body);
        return n;
    }

    private static BatchNotification notification(String batchId, long records, byte[] body) {
        String sha;
        try {
            sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new BatchNotification(batchId, KEY, "public.events", BUCKET,
                "events/event_key=" + KEY + "/dt=2025-03-01/hour=05/" + batchId + ".ndjson.gz", records, body.length,
                sha, "2025-03-01T05:00:00Z", "2025-03-01T05:59:59Z",
                List.of(new BatchNotification.Source("events", 0, 0, records - 1)), "2025-03-01T06:00:00Z");
    }

    private static BatchNotification withSha(BatchNotification n, String sha) {
        return new BatchNotification(n.batchId(), n.eventKey(), n.table(), n.bucket(), n.key(), n.recordCount(),
                n.bytes(), sha, n.minOccurredAt(), n.maxOccurredAt(), n.sources(), n.createdAt());
    }

    private static BatchNotification withTable(BatchNotification n, String table) {
        return new BatchNotification(n.batchId(), n.eventKey(), table, n.bucket(), n.key(), n.recordCount(),
                n.bytes(), n.sha256(), n.minOccurredAt(), n.maxOccurredAt(), n.sources(), n.createdAt());
    }

    private static BatchNotification withCount(BatchNotification n, long count) {
        return new BatchNotification(n.batchId(), n.eventKey(), n.table(), n.bucket(), n.key(), count,
                n.bytes(), n.sha256(), n.minOccurredAt(), n.maxOccurredAt(), n.sources(), n.createdAt());
    }

    /** Cancels the loader's COPY (pg_cancel_backend, what an operator does) and waits until it has failed. */
    private static void cancelLoaderCopy() {
        String copying = "FROM pg_stat_activity WHERE application_name = '" + APP + "' AND pid <> pg_backend_pid()"
                + " AND query LIKE 'COPY%' AND state = 'active'";
        try (Connection admin = pg.getPostgresDatabase().getConnection(); Statement st = admin.createStatement()) {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE pg_cancel_backend(pid)) " + copying)) {
                    rs.next();
                    return rs.getLong(1) > 0;
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Kills every backend of the loader's pool from an outside connection and waits until they are gone. */
    private static void terminateLoaderBackends() {
        String backends = "FROM pg_stat_activity WHERE application_name = '" + APP + "' AND pid <> pg_backend_pid()";
        try (Connection admin = pg.getPostgresDatabase().getConnection(); Statement st = admin.createStatement()) {
            List<Integer> pids = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT pid, pg_terminate_backend(pid) " + backends)) {
                while (rs.next()) {
                    pids.add(rs.getInt(1));
                }
            }
            assertThat(pids).isNotEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid IN ("
                        + String.join(",", pids.stream().map(String::valueOf).toList()) + ")")) {
                    rs.next();
                    return rs.getLong(1) == 0;
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> ledger() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT batch_id, target_table, record_count, rows_inserted,"
                     + " duplicates_skipped, load_id, s3_key FROM event_pipeline.loads ORDER BY batch_id")) {
            while (rs.next()) {
                assertThat(rs.getString(7)).endsWith("/" + rs.getString(1) + ".ndjson.gz");
                rows.add(String.join(" ", IntStream.rangeClosed(1, 6).mapToObj(i -> {
                    try {
                        return rs.getString(i);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList()));
            }
        }
        return rows;
    }

    /** Refuses the first N connections the way Hikari does when the database is unreachable. */
    private record FlakyDataSource(DataSource delegate, AtomicInteger refusals) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            if (refusals.getAndDecrement() > 0) {
                throw new SQLTransientConnectionException("pool - Connection is not available, request timed out");
            }
            return delegate.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return delegate.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return delegate.isWrapperFor(iface);
        }
    }
}
