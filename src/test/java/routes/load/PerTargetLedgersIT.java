package routes.load;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import routes.contract.BatchNotification;
import routes.contract.EventFieldsTable;
import routes.contract.LedgerTable;
import routes.contract.SqlIdentifier;
import routes.testing.FreshDatabases;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ledger's layout on a real PostgreSQL 14 (zonky embedded), one fresh database per test: a warehouse an earlier
 * release left (one {@code event_pipeline.loads} table, with rows) is migrated at start without loading any of its
 * batches again, and loaders started with different routings keep every target's ledger in the readers' view.
 */
class PerTargetLedgersIT {

    private static final SqlIdentifier EVENTS = SqlIdentifier.of("public.events");
    private static final SqlIdentifier PAYMENTS = SqlIdentifier.of("public.payments");
    private static final String BUCKET = "event-logs";
    /** The ledger's DDL as the releases before per-target ledgers ran it. */
    private static final String EARLIER_RELEASES_LEDGER = "CREATE TABLE event_pipeline.loads ("
            + "batch_id VARCHAR(128) NOT NULL PRIMARY KEY, target_table VARCHAR(256) NOT NULL,"
            + " s3_key VARCHAR(1024) NOT NULL, record_count BIGINT NOT NULL, rows_inserted BIGINT,"
            + " duplicates_skipped BIGINT, load_id VARCHAR(64) NOT NULL, loaded_at TIMESTAMPTZ NOT NULL)";

    private static FreshDatabases databases;

    private final InMemoryObjectStore objects = new InMemoryObjectStore();
    private final PostgresDialect dialect = new PostgresDialect(objects);
    private DataSource database;

    @BeforeAll
    static void startPostgres() throws IOException {
        databases = FreshDatabases.start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        databases.close();
    }

    @BeforeEach
    void freshDatabase() throws SQLException {
        database = databases.next("ledgers");
    }

    @Test
    void batchesTheEarlierReleasesLedgerRecordsAreSkippedAfterTheUpgradeAndStayReadable() throws Exception {
        BatchNotification old1 = batch("old-1", 0, 10);
        BatchNotification old2 = batch("old-2", 10, 20);
        BatchNotification fresh = batch("new-1", 20, 30);
        try (Connection c = connect(); Statement st = c.createStatement()) {
            // what an earlier release left: its ledger table, two batches recorded in it
            st.execute("CREATE SCHEMA event_pipeline");
            st.execute(EARLIER_RELEASES_LEDGER);
            for (BatchNotification b : List.of(old1, old2)) {
                st.execute("INSERT INTO event_pipeline.loads VALUES ('" + b.batchId() + "', 'public.events', '"
                        + b.key() + "', 10, 10, 0, 'earlier-load', now())");
            }
        }

        try (Connection c = connect()) {
            WarehouseSchema.bootstrap(c, dialect, List.of(EVENTS));
            assertThat(WarehouseSchema.allExist(c, List.of(EVENTS))).isTrue();
            c.setAutoCommit(false);
            LoadAttempt attempt = LoadAttempt.of(EVENTS, UUID.randomUUID().toString(), List.of(old1, old2, fresh));
            new WarehouseLoad(dialect, Duration.ofMinutes(1)).run(c, attempt);
            c.commit();

            assertThat(attempt.alreadyLoaded()).isEqualTo(2);
            assertThat(attempt.inserted()).isEqualTo(10);
        }
        assertThat(strings("SELECT table_type FROM information_schema.tables"
                + " WHERE table_schema = 'event_pipeline' AND table_name = 'loads'")).containsExactly("VIEW");
        assertThat(strings("SELECT batch_id FROM event_pipeline.loads ORDER BY batch_id"))
                .containsExactly("new-1", "old-1", "old-2");
        assertThat(strings("SELECT batch_id FROM event_pipeline.loads_legacy ORDER BY batch_id"))
                .containsExactly("old-1", "old-2");
        assertThat(strings("SELECT batch_id FROM " + LedgerTable.of(EVENTS).sql())).containsExactly("new-1");
        assertThat(strings("SELECT count(*) FROM public.events")).containsExactly("10");
    }

    @Test
    void aLoaderOfAnEarlierReleaseCannotRecordABatchAfterTheUpgrade() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA event_pipeline");
            st.execute(EARLIER_RELEASES_LEDGER);
        }
        try (Connection c = connect()) {
            WarehouseSchema.bootstrap(c, dialect, List.of(EVENTS));
        }

        // its ledger insert fails, so its transaction (rows included) rolls back and nothing is recorded where no
        // load of this release would look
        try (Connection c = connect(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("INSERT INTO event_pipeline.loads (batch_id, target_table, s3_key,"
                    + " record_count, load_id, loaded_at) VALUES ('b', 'public.events', 'k', 1, 'l', now())"))
                    .isInstanceOf(SQLException.class);
        }
        assertThat(strings("SELECT count(*) FROM event_pipeline.loads")).containsExactly("0");
    }

    @Test
    void twoLoadersStartingTogetherOnTheEarlierLayoutBothStartAndTheLegacyRowsAreKept() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA event_pipeline");
            st.execute(EARLIER_RELEASES_LEDGER);
            st.execute("INSERT INTO event_pipeline.loads VALUES ('old-1', 'public.events', 'k', 1, 1, 0, 'l', now())");
        }
        // a reader holds the old table, so both loaders read the catalog before either can rename it
        try (Connection reader = connect()) {
            reader.setAutoCommit(false);
            try (Statement st = reader.createStatement()) {
                st.execute("SELECT count(*) FROM event_pipeline.loads");
            }
            java.util.concurrent.CompletableFuture<Void> one = java.util.concurrent.CompletableFuture.runAsync(() -> start(EVENTS));
            java.util.concurrent.CompletableFuture<Void> two = java.util.concurrent.CompletableFuture.runAsync(() -> start(EVENTS));
            Thread.sleep(1_000);
            assertThat(one).isNotDone();
            assertThat(two).isNotDone();
            reader.rollback();
            java.util.concurrent.CompletableFuture.allOf(one, two).get(30, java.util.concurrent.TimeUnit.SECONDS);
        }

        assertThat(strings("SELECT batch_id FROM event_pipeline.loads")).containsExactly("old-1");
        assertThat(strings("SELECT batch_id FROM event_pipeline.loads_legacy")).containsExactly("old-1");
    }

    private void start(SqlIdentifier target) {
        try (Connection c = connect()) {
            WarehouseSchema.bootstrap(c, dialect, List.of(target));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aLoaderStartedWithAnotherRoutingKeepsEveryLedgerInTheView() throws Exception {
        SqlIdentifier audit = SqlIdentifier.of("public.audit");
        try (Connection c = connect()) {
            WarehouseSchema.bootstrap(c, dialect, List.of(EVENTS, PAYMENTS));
            // a loader still on the earlier routing, then one with a target the others do not route
            WarehouseSchema.bootstrap(c, dialect, List.of(EVENTS));
            WarehouseSchema.bootstrap(c, dialect, List.of(audit));

            for (SqlIdentifier t : List.of(EVENTS, PAYMENTS, audit)) {
                try (Statement st = c.createStatement()) {
                    st.execute("INSERT INTO " + LedgerTable.of(t).sql() + " VALUES ('" + t.name() + "-1', '" + t.sql()
                            + "', 'k', 1, 1, 0, 'l', now())");
                    st.execute("INSERT INTO " + EventFieldsTable.tableFor(t).sql() + " VALUES ('" + t.name()
                            + ".key', 'n', 'integer', now(), now(), 1)");
                }
            }
            assertThat(WarehouseSchema.allExist(c, List.of(EVENTS, PAYMENTS, audit))).isTrue();
        }
        assertThat(strings("SELECT batch_id FROM event_pipeline.loads ORDER BY batch_id"))
                .containsExactly("audit-1", "events-1", "payments-1");
        assertThat(strings("SELECT event_key FROM " + EventFieldsTable.NAME + " ORDER BY event_key"))
                .as("the field histories' view keeps every routing's history too")
                .containsExactly("audit.key", "events.key", "payments.key");
    }

    private Connection connect() throws SQLException {
        return database.getConnection();
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** A batch of events {@code e-from} … {@code e-(to-1)}, its object in the store. */
    private BatchNotification batch(String batchId, long from, long to) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            for (long id = from; id < to; id++) {
                gz.write(("{\"event_id\":\"e-" + id + "\",\"event_key\":\"payroll.run\",\"occurred_at\":\"2025-03-01T05:00:"
                        + String.format("%02d", id % 60) + "Z\"}\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] body = bytes.toByteArray();
        String sha;
        try {
            sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        BatchNotification n = new BatchNotification(batchId, "payroll.run", EVENTS.sql(), BUCKET,
                "events/event_key=payroll.run/dt=2025-03-01/hour=05/" + batchId + ".ndjson.gz", to - from, body.length,
                sha, "2025-03-01T05:00:00Z", "2025-03-01T05:59:59Z",
                List.of(new BatchNotification.Source("events", 0, from, to - 1)), "2025-03-01T06:00:00Z");
        objects.put(BUCKET, n.key(), body);
        return n;
    }
}
