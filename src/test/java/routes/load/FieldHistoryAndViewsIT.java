package routes.load;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.contract.BatchNotification;
import routes.contract.FieldType;
import routes.contract.ObservedField;
import routes.contract.SqlIdentifier;
import routes.contract.TableRouting;
import routes.contract.Warehouse;
import routes.fields.EventKeyViews;
import routes.fields.FieldChange;
import routes.fields.ViewStatements;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The field history written by the one load (WarehouseLoad#run) in its transaction, and the views per event key kept
 * from it (EventKeyViews), on a real PostgreSQL 14 (zonky embedded).
 */
class FieldHistoryAndViewsIT {

    private static final String BUCKET = "event-logs";
    private static final SqlIdentifier TARGET = SqlIdentifier.of("public.events");
    private static EmbeddedPostgres pg;
    private static DataSource db;
    private static final InMemoryObjectStore OBJECTS = new InMemoryObjectStore();
    private static final PostgresDialect DIALECT = new PostgresDialect(OBJECTS);
    private static final WarehouseLoad LOAD = new WarehouseLoad(DIALECT, Duration.ofSeconds(30));
    private static EventKeyViews views;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        db = pg.getPostgresDatabase();
        try (Connection c = db.getConnection()) {
            WarehouseSchema.bootstrap(c, DIALECT, List.of(TARGET));
        }
        views = new EventKeyViews(db, ViewStatements.forWarehouse(Warehouse.POSTGRESQL), TableRouting.parse("*=public.events"),
                "event_views");
    }

    @AfterAll
    static void stop() throws Exception {
        views.close();
        pg.close();
    }

    @Test
    void aLoadFillsTheHistoryInItsTransactionAndARolledBackLoadLeavesNothing() throws Exception {
        String key = "hist.rollback";
        BatchNotification b = batch(key, List.of("{\"event_id\":\"r1\",\"event_key\":\"" + key
                + "\",\"occurred_at\":\"2025-03-01T05:00:00Z\",\"n\":1}"), Map.of("n", FieldType.INTEGER));
        List<FieldChange> changes = load(b, false);
        assertThat(changes).isNotEmpty();
        assertThat(count("SELECT count(*) FROM event_pipeline.event_fields WHERE event_key = '" + key + "'")).isZero();

        changes = load(b, true);
        assertThat(changes).extracting(FieldChange::path, FieldChange::kind)
                .contains(org.assertj.core.groups.Tuple.tuple("n", FieldChange.Kind.NEW_PATH));
        assertThat(count("SELECT events_seen FROM event_pipeline.event_fields__public__events WHERE event_key = '" + key
                + "' AND path = 'n' AND json_type = 'integer'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM event_pipeline.event_fields WHERE event_key = '" + key
                + "' AND first_seen = last_seen")).isEqualTo(4);
    }

    @Test
    void theKeysOfACommittedLoadGetTheirViewsOnTheContextsThreadInOneRound() throws Exception {
        List<String> keys = List.of("round.one", "round.two", "round.three");
        List<FieldChange> changes = new java.util.ArrayList<>();
        for (String key : keys) {
            changes.addAll(load(batch(key, List.of(event(key, key + "-1", "\"n\":1")), Map.of("n", FieldType.INTEGER)), true));
        }
        try (org.apache.camel.CamelContext context = new org.apache.camel.impl.DefaultCamelContext()) {
            EventKeyViews started = new EventKeyViews(db, ViewStatements.forWarehouse(Warehouse.POSTGRESQL),
                    TableRouting.parse("*=public.events"), "event_views");
            started.committed(changes); // before start: nothing runs yet, start's round takes every key
            started.start(context);
            started.committed(changes);
            started.drain();
            for (String key : keys) {
                assertThat(columnsOf("event_views." + key.replace('.', '_'))).containsExactly("event_id", "occurred_at", "n");
            }
            started.close();
        }
    }

    @Test
    void theViewHasTypedColumnsGainsANewPathWidensATypeKeepsGrantsAndSurvivesAnOddRow() throws Exception {
        String key = "payroll.run:completed";
        Map<String, FieldType> first = new LinkedHashMap<>();
        first.put("amount", FieldType.INTEGER);
        first.put("paid_at", FieldType.TIMESTAMP);
        first.put("employee.name", FieldType.STRING);
        first.put("ok", FieldType.BOOLEAN);
        load(batch(key, List.of(event(key, "v1", "\"amount\":12,\"paid_at\":\"2025-03-01T05:00:00Z\","
                + "\"employee\":{\"name\":\"Ann\"},\"ok\":true")), first), true);
        assertThat(views.refresh(key)).isTrue();
        assertThat(views.refresh(key)).as("unchanged fields: no re-creation").isFalse();

        try (Connection c = db.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM event_views.payroll_run_completed")) {
            ResultSetMetaData md = rs.getMetaData();
            assertThat(columns(md)).containsExactly("event_id", "occurred_at", "amount", "employee__name", "ok", "paid_at");
            rs.next();
            assertThat(rs.getObject("amount")).isEqualTo(12L);
            assertThat(rs.getObject("paid_at", OffsetDateTime.class).toInstant()).hasToString("2025-03-01T05:00:00Z");
            assertThat(rs.getString("employee__name")).isEqualTo("Ann");
            assertThat(rs.getObject("ok")).isEqualTo(true);
        }
        sql("CREATE ROLE analysts");
        sql("GRANT SELECT ON event_views.payroll_run_completed TO analysts");

        // a new path: one more column, in place
        load(batch(key, List.of(event(key, "v2", "\"amount\":13,\"bonus\":5")),
                Map.of("amount", FieldType.INTEGER, "bonus", FieldType.INTEGER)), true);
        assertThat(views.refresh(key)).isTrue();
        assertThat(columnsOf("event_views.payroll_run_completed")).endsWith("bonus");

        // a type change: amount seen as a decimal widens to numeric (drop, create, grants given back)
        load(batch(key, List.of(event(key, "v3", "\"amount\":13.5")), Map.of("amount", FieldType.DECIMAL)), true);
        assertThat(views.refresh(key)).isTrue();
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT amount FROM event_views.payroll_run_completed WHERE event_id = 'v3'")) {
            rs.next();
            assertThat(rs.getBigDecimal(1)).isEqualByComparingTo(new BigDecimal("13.5"));
        }
        assertThat(count("SELECT count(*) FROM information_schema.role_table_grants WHERE grantee = 'analysts'"
                + " AND table_schema = 'event_views' AND table_name = 'payroll_run_completed'")).isEqualTo(1);

        // an odd row, loaded without observations (as before the history existed): NULL, not an error
        load(batch(key, List.of(event(key, "odd", "\"amount\":\"lots\",\"paid_at\":\"2025-02-31T99:00:00Z\","
                + "\"ok\":\"yes\",\"bonus\":123456789012345678901234567890")), null), true);
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT amount, paid_at, ok, bonus FROM event_views.payroll_run_completed"
                     + " WHERE event_id = 'odd'")) {
            rs.next();
            assertThat(rs.getObject(1)).isNull();
            assertThat(rs.getObject(2)).isNull();
            assertThat(rs.getObject(3)).isNull();
            assertThat(rs.getObject(4)).isNull();
        }
    }

    @Test
    void theListenerHearsOfTheChangesOnlyAfterTheCommitAndNothingOfARolledBackAttempt() throws Exception {
        String key = "hist.listener";
        sql("CREATE TABLE public.fail_at_commit (x int)");
        sql("CREATE FUNCTION public.fail_at_commit() RETURNS trigger LANGUAGE plpgsql AS"
                + " $$ BEGIN RAISE EXCEPTION 'injected at commit' USING ERRCODE = '40001'; END $$");
        sql("CREATE CONSTRAINT TRIGGER fail_at_commit AFTER INSERT ON public.fail_at_commit DEFERRABLE INITIALLY DEFERRED"
                + " FOR EACH ROW EXECUTE FUNCTION public.fail_at_commit()");
        FailingOnceAfterFields dialect = new FailingOnceAfterFields(DIALECT);
        try (LoaderRouteHarness loader = new LoaderRouteHarness(db, dialect, LoadSettings.defaults(), Map.of())) {
            BatchNotification b = batch(key, List.of(event(key, "l1", "\"x\":1")), Map.of("x", FieldType.INTEGER));
            LoadReport report = loader.load(TARGET.sql(), List.of(b));

            assertThat(report.rowsInserted()).isEqualTo(1);
            assertThat(dialect.failed).as("the first attempt wrote the history, then its COMMIT failed").isTrue();
            assertThat(loader.fieldChanges).as("one report, of the committed retry")
                    .extracting(FieldChange::path).containsExactlyInAnyOrder("event_id", "event_key", "occurred_at", "x");
            assertThat(count("SELECT events_seen FROM event_pipeline.event_fields WHERE event_key = '" + key
                    + "' AND path = 'x'")).as("the rolled-back attempt's count is gone").isEqualTo(1);
        }
    }

    /**
     * PostgreSQL's dialect, except that the first attempt's COMMIT fails (transiently, SQLState 40001): its
     * field-history step leaves a row that a deferred constraint trigger refuses at COMMIT.
     */
    private static final class FailingOnceAfterFields implements WarehouseDialect {
        private final WarehouseDialect real;
        volatile boolean failed;

        FailingOnceAfterFields(WarehouseDialect real) {
            this.real = real;
        }

        @Override
        public List<FieldChange> recordFields(Connection c, SqlIdentifier table, List<routes.fields.FieldCount> counts)
                throws java.sql.SQLException {
            List<FieldChange> changes = real.recordFields(c, table, counts);
            if (!failed) {
                failed = true;
                try (Statement st = c.createStatement()) {
                    st.execute("INSERT INTO public.fail_at_commit VALUES (1)");
                }
            }
            return changes;
        }

        @Override public Warehouse warehouse() { return real.warehouse(); }
        @Override public void begin(Connection c, Duration t) throws java.sql.SQLException { real.begin(c, t); }
        @Override public void lock(Connection c, SqlIdentifier t) throws java.sql.SQLException { real.lock(c, t); }
        @Override public java.util.Set<String> alreadyLoaded(Connection c, SqlIdentifier t, java.util.Collection<String> ids)
                throws java.sql.SQLException { return real.alreadyLoaded(c, t, ids); }
        @Override public Staged stage(Connection c, SqlIdentifier t, String id, List<BatchNotification> b)
                throws java.sql.SQLException, BatchRejectedException { return real.stage(c, t, id, b); }
        @Override public Merged merge(Connection c, SqlIdentifier t, String id, Staged s) throws java.sql.SQLException {
            return real.merge(c, t, id, s);
        }
        @Override public void recordLoads(Connection c, SqlIdentifier t, String id, List<LedgerEntry> e)
                throws java.sql.SQLException { real.recordLoads(c, t, id, e); }
    }

    // ---- helpers

    private static List<FieldChange> load(BatchNotification batch, boolean commit) throws Exception {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            LoadAttempt attempt = LoadAttempt.of(TARGET, UUID.randomUUID().toString(), List.of(batch));
            LOAD.run(c, attempt);
            if (commit) {
                c.commit();
            } else {
                c.rollback();
            }
            return attempt.fieldChanges();
        }
    }

    private static String event(String key, String id, String more) {
        return "{\"event_id\":\"" + id + "\",\"event_key\":\"" + key + "\",\"occurred_at\":\"2025-03-01T05:00:00Z\"," + more + "}";
    }

    private static BatchNotification batch(String key, List<String> lines, Map<String, FieldType> fields) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            for (String line : lines) {
                gz.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] body = bytes.toByteArray();
        String id = "b-" + UUID.randomUUID();
        String objectKey = "events/event_key=" + key + "/dt=2025-03-01/hour=05/" + id + ".ndjson.gz";
        OBJECTS.put(BUCKET, objectKey, body);
        List<ObservedField> observed = null;
        if (fields != null) {
            observed = new java.util.ArrayList<>(List.of(new ObservedField("event_id", FieldType.STRING, lines.size()),
                    new ObservedField("event_key", FieldType.STRING, lines.size()),
                    new ObservedField("occurred_at", FieldType.TIMESTAMP, lines.size())));
            for (Map.Entry<String, FieldType> f : fields.entrySet()) {
                observed.add(new ObservedField(f.getKey(), f.getValue(), lines.size()));
            }
        }
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        return new BatchNotification(id, key, TARGET.sql(), BUCKET, objectKey, lines.size(), body.length, sha,
                "2025-03-01T05:00:00Z", "2025-03-01T05:00:00Z", List.of(new BatchNotification.Source("events", 0, 0,
                lines.size() - 1)), "2025-03-01T06:00:00Z", null, null, observed, observed == null ? null : 0L);
    }

    private static List<String> columns(ResultSetMetaData md) throws Exception {
        List<String> names = new java.util.ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            names.add(md.getColumnName(i));
        }
        return names;
    }

    private static List<String> columnsOf(String view) throws Exception {
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM " + view + " LIMIT 0")) {
            return columns(rs.getMetaData());
        }
    }

    private static long count(String query) throws Exception {
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }
}
