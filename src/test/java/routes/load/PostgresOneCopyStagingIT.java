package routes.load;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.config.Setting;
import routes.contract.BatchNotification;
import routes.contract.SqlIdentifier;
import routes.contract.TableRouting;
import routes.contract.Warehouse;
import routes.monitor.TablePauses;
import routes.testing.Sql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static routes.load.GzipBatches.KEY;
import static routes.load.GzipBatches.event;

/**
 * PostgreSQL stages a load's objects through one COPY under one savepoint, and falls back to one COPY and savepoint
 * per object only when a batch's content fails it: the guilty batch alone is set aside, with the reason the
 * per-object path gives. The statements are counted by the server itself ({@code pg_stat_statements}, which records a
 * statement when it completes: a COPY that failed is not counted, a SAVEPOINT always is).
 */
class PostgresOneCopyStagingIT {

    private static final String APP = "one-copy-it";
    private static final Map<String, String> FAST_RETRIES = Map.of(
            Setting.LOAD_RETRY_INITIAL_MS, "10", Setting.LOAD_RETRY_MAX_MS, "100");

    private static EmbeddedPostgres pg;
    private static HikariDataSource pool;
    /** The test's own statements and read-backs. */
    private static Sql db;

    private final InMemoryObjectStore stored = new InMemoryObjectStore();
    private final RefusingStore objects = new RefusingStore(stored);
    private final GzipBatches batches = new GzipBatches(stored);
    /** As the application's: the next objects of a load are fetched while the current one is copied. */
    private final ObjectFetcher fetcher = new ObjectFetcher(objects, 4, 32L << 20);
    private LoaderRouteHarness loader;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPostgres.builder().setServerConfig("shared_preload_libraries", "pg_stat_statements").start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres") + "&ApplicationName=" + APP);
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
        db = Sql.on(pool);
        db.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        try (Connection c = pool.getConnection()) {
            WarehouseSchema.bootstrap(c, new PostgresDialect(new InMemoryObjectStore()),
                    TableRouting.parse("*=public.events").tables());
        }
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        pool.close();
        pg.close();
    }

    @BeforeEach
    void emptyTablesAndStatistics() throws Exception {
        db.execute("TRUNCATE public.events");
        // the ledger tables under the event_pipeline.loads view
        for (String ledger : db.strings("SELECT schemaname || '.' || tablename FROM pg_tables WHERE schemaname = 'event_pipeline'")) {
            db.execute("TRUNCATE " + ledger);
        }
        loader = new LoaderRouteHarness(pool, new PostgresDialect(fetcher), LoadSettings.defaults(), FAST_RETRIES);
        db.execute("SELECT pg_stat_statements_reset()");
    }

    @AfterEach
    void stopLoaderRoutes() {
        loader.close();
        fetcher.close();
    }

    @Test
    void aLoadOfGoodObjectsIsStagedInOneCopyUnderOneSavepoint() throws Exception {
        List<BatchNotification> load = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            load.add(batches.events("g" + i, i * 50L, i * 50L + 50));
        }

        LoadReport report = loader.load("public.events", load);

        assertThat(completed("COPY pg_temp.load_stage%")).as("COPY statements into the stage").isEqualTo(1);
        assertThat(completed("SAVEPOINT%")).as("savepoints").isEqualTo(1);
        assertThat(report.failed()).isEmpty();
        assertThat(report.batchesLoaded()).isEqualTo(8);
        assertThat(report.rowsInserted()).isEqualTo(400);
        assertThat(db.count("SELECT count(DISTINCT event_id) FROM public.events")).isEqualTo(400);
        // rows per batch are still each batch's own: the ledger attributes every row to its batch
        assertThat(db.strings("SELECT batch_id || ' ' || record_count || ' ' || rows_inserted FROM event_pipeline.loads"
                + " ORDER BY batch_id")).containsExactly("g0 50 50", "g1 50 50", "g2 50 50", "g3 50 50", "g4 50 50",
                "g5 50 50", "g6 50 50", "g7 50 50");
        assertThat(db.single("SELECT batch_id FROM public.events WHERE event_id = 'e-175'")).isEqualTo("g3");
    }

    /** One bad object of each kind, the per-object path's reason for it; the others are good. */
    static Stream<Arguments> badObjects() {
        return Stream.of(
                Arguments.of("corrupt gzip", (Function<GzipBatches, BatchNotification>) b ->
                        b.object("bad", 5, "not gzip at all".getBytes(StandardCharsets.US_ASCII)), "corrupt gzip"),
                Arguments.of("record count mismatch", (Function<GzipBatches, BatchNotification>) b ->
                        GzipBatches.withCount(b.events("bad", 1000, 1005), 6),
                        "record count mismatch: object has 5 lines, notification says 6"),
                Arguments.of("another event_key", (Function<GzipBatches, BatchNotification>) b ->
                        b.lines("bad", List.of(event(1000, KEY), event(1001, "hr.run"))),
                        "line 2: event_key differs from the notification's"),
                Arguments.of("a line jsonb rejects", (Function<GzipBatches, BatchNotification>) b ->
                        b.lines("bad", List.of(event(1000, KEY), "{\"event_id\":\"e-1001\",\"event_key\":\"" + KEY
                                + "\",\"occurred_at\":\"2025-03-01T07:00:00+02:00\",\"bad\":\"\\u0000\"}")),
                        "rejected by PostgreSQL: 22P05"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badObjects")
    void oneBadObjectAmongGoodOnesIsTheOnlyBatchSetAsideAndTheOthersAreInserted(
            String kind, Function<GzipBatches, BatchNotification> bad, String reason) throws Exception {
        List<BatchNotification> load = new ArrayList<>(List.of(batches.events("g0", 0, 40), batches.events("g1", 40, 80)));
        load.add(bad.apply(batches));
        load.add(batches.events("g2", 80, 120));
        load.add(batches.events("g3", 120, 160));

        LoadReport report = loader.load("public.events", load);

        assertThat(report.failed()).extracting(f -> f.batch().batchId()).containsExactly("bad");
        assertThat(report.failed().get(0).reason()).startsWith(reason);
        assertThat(report.batchesLoaded()).isEqualTo(4);
        assertThat(report.rowsInserted()).isEqualTo(160);
        assertThat(db.count("SELECT count(*) FROM public.events")).isEqualTo(160);
        assertThat(db.count("SELECT count(*) FROM public.events WHERE batch_id = 'bad'")).isZero();
        assertThat(db.strings("SELECT batch_id FROM event_pipeline.loads ORDER BY batch_id"))
                .containsExactly("g0", "g1", "g2", "g3");
        // the one COPY's savepoint, then one per object: the fallback ran once, object by object
        assertThat(completed("SAVEPOINT%")).as("savepoints").isEqualTo(1 + 5);
        assertThat(completed("COPY pg_temp.load_stage%")).as("COPY statements that completed").isEqualTo(4);
    }

    /** Failures of the store, not of a batch: how each is set up, and how the attempt's failure is classified. */
    static Stream<Arguments> storeFailures() {
        return Stream.of(
                Arguments.of("the store refuses (403)", (BiConsumer<PostgresOneCopyStagingIT, String>)
                        (test, key) -> test.objects.refuse(key), FailureClass.Kind.ENVIRONMENT, "s3_access_denied"),
                Arguments.of("a read fails (network)", (BiConsumer<PostgresOneCopyStagingIT, String>)
                        (test, key) -> test.stored.failReads(key, 1), FailureClass.Kind.TRANSIENT, "transient"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("storeFailures")
    void aStoreFailureInTheOneCopyFailsTheAttemptWithoutASecondPassAndConvictsNothing(String failure,
            BiConsumer<PostgresOneCopyStagingIT, String> failing, FailureClass.Kind kind,
            String reason) throws Exception {
        List<BatchNotification> load = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            load.add(batches.events("r" + i, i * 10L, i * 10L + 10));
        }
        failing.accept(this, load.get(3).key());

        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            PostgresDialect dialect = new PostgresDialect(fetcher);
            // stage returns no Staged at all: nothing is set aside, the attempt fails whole
            assertThatThrownBy(() -> dialect.stage(c, SqlIdentifier.of("public.events"), "load-r", load))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> {
                        FailureClass why = FailureClass.of(e, Warehouse.POSTGRESQL);
                        assertThat(why.kind()).isEqualTo(kind);
                        assertThat(why.reason()).isEqualTo(reason);
                    });
            c.rollback();
        }

        assertThat(completed("SAVEPOINT%")).as("no per-object pass").isEqualTo(1);
        assertThat(objects.opens).as("no object read a second time").isNotEmpty()
                .allSatisfy((key, n) -> assertThat(n.get()).as(key).isEqualTo(1));
    }

    @Test
    void theStoreRefusingAReadPausesTheLoadUntilItServesAndNothingIsDeadLettered() throws Exception {
        List<BatchNotification> load = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            load.add(batches.events("p" + i, i * 10L, i * 10L + 10));
        }
        objects.refuse(load.get(3).key());

        CompletableFuture<LoadReport> running = CompletableFuture.supplyAsync(() -> loader.load("public.events", load));
        await().atMost(Duration.ofSeconds(20)).until(() -> !loader.pauses().paused().isEmpty());
        TablePauses.Pause pause = loader.pauses().paused().get(0);
        assertThat(pause.reason()).isEqualTo("s3_access_denied");
        assertThat(running).isNotDone();
        objects.serve();
        LoadReport report = running.get(30, TimeUnit.SECONDS);

        assertThat(report.failed()).isEmpty();
        assertThat(loader.deadLetters()).isEmpty();
        assertThat(report.batchesLoaded()).isEqualTo(6);
        assertThat(db.count("SELECT count(DISTINCT event_id) FROM public.events")).isEqualTo(60);
        assertThat(db.count("SELECT count(*) FROM public.events")).isEqualTo(60);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** A store that answers 403 AccessDenied for the keys it is told to refuse, as S3 does without a grant; counts opens. */
    private static final class RefusingStore implements ObjectStore {
        private final ObjectStore delegate;
        private final Set<String> refused = ConcurrentHashMap.newKeySet();
        /** Opens per key, refused or not. */
        final Map<String, AtomicInteger> opens = new ConcurrentHashMap<>();

        RefusingStore(ObjectStore delegate) {
            this.delegate = delegate;
        }

        void refuse(String key) {
            refused.add(key);
        }

        void serve() {
            refused.clear();
        }

        @Override
        public InputStream open(String bucket, String key) throws IOException {
            opens.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            if (refused.contains(key)) {
                throw new ObjectStoreRefusedException("GET", 403, "AccessDenied");
            }
            return delegate.open(bucket, key);
        }

        @Override
        public OptionalLong size(String bucket, String key) throws IOException {
            return delegate.size(bucket, key);
        }
    }

    /** Calls of statements starting with {@code like} that completed since the reset (pg_stat_statements). */
    private static long completed(String like) throws SQLException {
        return db.count("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE query LIKE '" + like + "'");
    }

}
