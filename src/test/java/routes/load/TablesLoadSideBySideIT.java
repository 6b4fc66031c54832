package routes.load;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import routes.contract.BatchNotification;
import routes.contract.LedgerTable;
import routes.contract.SqlIdentifier;
import routes.contract.TableRouting;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.LongStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two loads at once against a real PostgreSQL 14 (zonky embedded), each the loader's own unit of work
 * ({@link WarehouseLoad#run}) in its own transaction on its own pooled connection: loads of two tables overlap, each
 * writing its own ledger table; two loads of one table take turns and never insert a row or a ledger row twice.
 */
class TablesLoadSideBySideIT {

    private static final SqlIdentifier EVENTS = SqlIdentifier.of("public.events");
    private static final SqlIdentifier PAYMENTS = SqlIdentifier.of("public.payments");
    private static final String BUCKET = "event-logs";

    private static EmbeddedPostgres pg;
    private static HikariDataSource pool;

    private final InMemoryObjectStore objects = new InMemoryObjectStore();
    private final WarehouseLoad load = new WarehouseLoad(new PostgresDialect(objects), Duration.ofMinutes(1));
    private Connection first;
    private Connection second;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
        try (Connection c = pool.getConnection()) {
            WarehouseSchema.bootstrap(c, new PostgresDialect(new InMemoryObjectStore()),
                    TableRouting.parse("payroll.*=public.payments,*=public.events").tables());
        }
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        pool.close();
        pg.close();
    }

    @BeforeEach
    void openTwoLoaderSessions() throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE public.events, public.payments, " + LedgerTable.of(EVENTS).sql() + ", "
                    + LedgerTable.of(PAYMENTS).sql());
        }
        first = pool.getConnection();
        first.setAutoCommit(false);
        second = pool.getConnection();
        second.setAutoCommit(false);
    }

    @AfterEach
    void closeSessions() throws SQLException {
        first.rollback();
        first.close();
        second.rollback();
        second.close();
    }

    @Test
    void aLoadOfAnotherTableCommitsWhileThisTablesLoadIsStillOpen() throws Exception {
        LoadAttempt payments = attempt(PAYMENTS, batch("pay-1", 1_000, 1_050));
        load.run(first, attempt(EVENTS, batch("ev-1", 0, 100)));

        CompletableFuture<Void> meanwhile = CompletableFuture.runAsync(() -> loadAndCommit(second, payments));

        meanwhile.get(20, TimeUnit.SECONDS); // neither waits for the other: tables load side by side
        first.commit();
        assertThat(count("SELECT count(*) FROM public.payments")).isEqualTo(50);
        assertThat(count("SELECT count(*) FROM public.events")).isEqualTo(100);
        assertThat(count("SELECT count(*) FROM event_pipeline.loads")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM " + LedgerTable.of(EVENTS).sql() + " WHERE batch_id = 'ev-1'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM " + LedgerTable.of(PAYMENTS).sql() + " WHERE batch_id = 'pay-1'")).isEqualTo(1);
    }

    @Test
    void twoLoadersOfOneTableRacingWithOverlappingBatchesNeverDoubleARowOrALedgerRow() throws Exception {
        int rounds = 8;
        for (int r = 0; r < rounds; r++) {
            long base = r * 300L;
            // a batch both loaders hold, and events shared across batches: the dedupe and the ledger both matter
            BatchNotification shared = batch("r" + r + "-shared", base + 100, base + 200);
            LoadAttempt one = attempt(EVENTS, batch("r" + r + "-one", base, base + 150), shared);
            LoadAttempt two = attempt(EVENTS, shared, batch("r" + r + "-two", base + 150, base + 300));
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            CompletableFuture<Void> a = CompletableFuture.runAsync(() -> startTogether(start, first, one));
            CompletableFuture<Void> b = CompletableFuture.runAsync(() -> startTogether(start, second, two));
            CompletableFuture.allOf(a, b).get(30, TimeUnit.SECONDS);

            assertThat(one.alreadyLoaded() + two.alreadyLoaded()).as("round %d: the shared batch loads once", r).isEqualTo(1);
        }

        assertThat(count("SELECT count(*) FROM public.events")).isEqualTo(rounds * 300L);
        assertThat(count("SELECT count(DISTINCT event_id) FROM public.events")).isEqualTo(rounds * 300L);
        assertThat(count("SELECT count(*) FROM " + LedgerTable.of(EVENTS).sql())).isEqualTo(rounds * 3L);
        assertThat(count("SELECT count(DISTINCT batch_id) FROM event_pipeline.loads")).isEqualTo(rounds * 3L);
        assertThat(count("SELECT count(*) FROM event_pipeline.loads")).isEqualTo(rounds * 3L);
    }

    private void startTogether(java.util.concurrent.CyclicBarrier start, Connection c, LoadAttempt attempt) {
        try {
            start.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        loadAndCommit(c, attempt);
    }

    @Test
    void twoLoadersOfOneTableTakeTurnsAndTheSecondFindsTheBatchesLoaded() throws Exception {
        List<BatchNotification> batches = List.of(batch("b1", 0, 60), batch("b2", 40, 100));
        LoadAttempt one = attempt(EVENTS, batches);
        LoadAttempt two = attempt(EVENTS, batches);
        load.run(first, one);

        CompletableFuture<Void> again = CompletableFuture.runAsync(() -> loadAndCommit(second, two));
        assertThatThrownBy(() -> again.get(1, TimeUnit.SECONDS)).as("the second waits for the table's lock")
                .isInstanceOf(TimeoutException.class);
        first.commit();
        again.get(20, TimeUnit.SECONDS);

        assertThat(one.inserted()).isEqualTo(100);
        assertThat(one.duplicates()).isEqualTo(20);
        assertThat(two.alreadyLoaded()).isEqualTo(2);
        assertThat(two.inserted()).isZero();
        assertThat(count("SELECT count(*) FROM public.events")).isEqualTo(100);
        assertThat(count("SELECT count(DISTINCT event_id) FROM public.events")).isEqualTo(100);
        assertThat(count("SELECT count(*) FROM event_pipeline.loads")).isEqualTo(2);
    }

    private void loadAndCommit(Connection c, LoadAttempt attempt) {
        try {
            load.run(c, attempt);
            c.commit();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static LoadAttempt attempt(SqlIdentifier table, BatchNotification... batches) {
        return attempt(table, List.of(batches));
    }

    private static LoadAttempt attempt(SqlIdentifier table, List<BatchNotification> batches) {
        return LoadAttempt.of(table, UUID.randomUUID().toString(), batches);
    }

    /** A batch of events {@code e-from} … {@code e-(to-1)}, its object in the store. */
    private BatchNotification batch(String batchId, long from, long to) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            for (long id : LongStream.range(from, to).toArray()) {
                gz.write(("{\"event_id\":\"e-" + id + "\",\"event_key\":\"payroll.run\",\"occurred_at\":\"2025-03-01T05:"
                        + String.format("%02d:%02d", (id / 60) % 60, id % 60) + "Z\",\"amount\":" + id + "}\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] body = bytes.toByteArray();
        String sha;
        try {
            sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        BatchNotification n = new BatchNotification(batchId, "payroll.run", "public.events", BUCKET,
                "events/event_key=payroll.run/dt=2025-03-01/hour=05/" + batchId + ".ndjson.gz", to - from, body.length,
                sha, "2025-03-01T05:00:00Z", "2025-03-01T05:59:59Z",
                List.of(new BatchNotification.Source("events", 0, from, to - 1)), "2025-03-01T06:00:00Z");
        objects.put(BUCKET, n.key(), body);
        return n;
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
