package routes.fields;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;
import routes.EventPipelineCli;
import routes.contract.EventFieldsTable;
import routes.contract.LedgerTable;
import routes.testing.EmbeddedServices;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fields} and the loader's quiet-path check against the real PostgreSQL, on history rows inserted by hand into
 * the history table of {@code public.events}, read through the view {@code event_pipeline.event_fields} as the loader
 * makes it (WarehouseSchema). A
 * database of its own, so that no other test's history or view is in the way.
 */
@ExtendWith(EmbeddedServices.class)
class FieldsCommandIT {

    private static final routes.contract.SqlIdentifier TARGET = routes.contract.SqlIdentifier.of("public.events");
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant AMOUNT_AS_STRING = NOW.minus(Duration.ofDays(30));
    private static final Instant MEMO = NOW.minus(Duration.ofDays(20));
    private static final Instant MEMO_LAST_SEEN = NOW.minus(Duration.ofDays(10));
    private static final Instant AMOUNT_AS_DECIMAL = NOW.minus(Duration.ofDays(2));
    private static String url;

    @BeforeAll
    static void history() throws Exception {
        String database = "fields_it";
        url = EmbeddedServices.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
        try (Connection superuser = DriverManager.getConnection(EmbeddedServices.jdbcUrl(), "postgres", "");
             Statement su = superuser.createStatement()) {
            su.execute("DROP DATABASE IF EXISTS " + database);
            su.execute("CREATE DATABASE " + database + " OWNER " + EmbeddedServices.dbUser());
        }
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + LedgerTable.SCHEMA);
            st.execute(EventFieldsTable.createTable(TARGET));
            st.execute(EventFieldsTable.createView(List.of(TARGET)));
        }
        insert("payroll.run.completed", "amount", "string", AMOUNT_AS_STRING, AMOUNT_AS_DECIMAL.minusSeconds(60), 100);
        insert("payroll.run.completed", "amount", "decimal", AMOUNT_AS_DECIMAL, NOW.minus(Duration.ofHours(1)), 40);
        insert("payroll.run.completed", "memo", "string", MEMO, MEMO_LAST_SEEN, 7);
        insert("billing.invoice.sent", "total", "integer", NOW.minus(Duration.ofDays(5)), NOW, 9);
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(url, EmbeddedServices.dbUser(), EmbeddedServices.dbPassword());
    }

    private static void insert(String key, String path, String type, Instant first, Instant last, long events) throws Exception {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO " + EventFieldsTable.tableFor(TARGET).sql()
                + " (event_key, path, json_type, first_seen, last_seen, events_seen) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, path);
            ps.setString(3, type);
            ps.setTimestamp(4, Timestamp.from(first));
            ps.setTimestamp(5, Timestamp.from(last));
            ps.setLong(6, events);
            ps.executeUpdate();
        }
    }

    private record Run(int exit, List<String> lines, String err) {
    }

    private static Run fields(String... options) {
        List<String> args = new ArrayList<>(List.of("fields"));
        args.addAll(List.of(options));
        args.addAll(List.of("--pipeline.warehouse.jdbc-url=" + url, "--pipeline.warehouse.user=" + EmbeddedServices.dbUser(),
                "--pipeline.warehouse.password=" + EmbeddedServices.dbPassword()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new EventPipelineCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args.toArray(String[]::new));
        return new Run(exit, out.toString().lines().toList(), err.toString());
    }

    @Test
    void changesOfAKeyGlobListTheNewPathsAndTheTypeChangeWithTheirFirstSeenTimesInOrder() {
        Run run = fields("--key", "payroll.*", "--changes");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.lines()).hasSize(5);
        assertThat(run.lines().get(0)).startsWith("AT").contains("EVENT KEY", "PATH", "TYPE", "CHANGE");
        assertThat(run.lines().get(1)).startsWith(AMOUNT_AS_STRING.toString()).contains("payroll.run.completed", "amount", "string", "new path");
        assertThat(run.lines().get(2)).startsWith(MEMO.toString()).contains("memo", "string", "new path");
        assertThat(run.lines().get(3)).startsWith(MEMO_LAST_SEEN.toString()).contains("memo", "string", "not seen");
        assertThat(run.lines().get(4)).startsWith(AMOUNT_AS_DECIMAL.toString()).contains("amount", "decimal", "new type");
        assertThat(String.join("\n", run.lines())).doesNotContain("billing");
    }

    @Test
    void sinceLeavesOutTheOlderChanges() {
        Run run = fields("--key", "payroll.*", "--changes", "--since", "7d");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.lines()).hasSize(2);
        assertThat(run.lines().get(1)).contains("amount", "decimal", "new type");
    }

    @Test
    void currentFieldsShowEachPathsTypesAndMarkTheQuietOne() {
        Run run = fields("--key", "payroll.run.completed");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.lines()).hasSize(3);
        assertThat(run.lines().get(1)).contains("amount", "string,decimal", AMOUNT_AS_STRING.toString(), "140")
                .doesNotContain("not seen");
        assertThat(run.lines().get(2)).contains("memo", "string", "7", "not seen since " + MEMO_LAST_SEEN);
    }

    @Test
    void aGlobMatchingNothingSaysSoAndExitsZero() {
        Run run = fields("--key", "nothing.*", "--changes");

        assertThat(run.exit()).isZero();
        assertThat(run.lines()).containsExactly("no field changes recorded for event keys matching 'nothing.*'");
    }

    @Test
    void theLoadersQuietCheckCountsQuietPathsAndTellsOnlyThoseThatWentQuietSinceItsLastCheck() throws Exception {
        RecentFieldChanges recent = new RecentFieldChanges();
        List<FieldChange> told = new ArrayList<>();
        Duration quietAfter = Duration.ofDays(7);
        // watching for 4 days: memo (last seen 10 days ago) went quiet 3 days ago, while watched
        QuietPathsWatch watch = new QuietPathsWatch(dataSource(), quietAfter, told::addAll, recent,
                Clock.fixed(NOW, ZoneOffset.UTC), NOW.minus(Duration.ofDays(4)));

        watch.check();

        assertThat(recent.quietPaths()).isEqualTo(1);
        assertThat(told).containsExactly(new FieldChange("payroll.run.completed", "memo",
                routes.contract.FieldType.STRING, FieldChange.Kind.NOT_SEEN, MEMO_LAST_SEEN));

        watch.check();

        assertThat(told).as("told once").hasSize(1);
        assertThat(recent.quietPaths()).isEqualTo(1);
    }

    @Test
    void aPathThatWentQuietBeforeTheLoaderStartedIsCountedButNotTold() throws Exception {
        RecentFieldChanges recent = new RecentFieldChanges();
        List<FieldChange> told = new ArrayList<>();
        QuietPathsWatch watch = new QuietPathsWatch(dataSource(), Duration.ofDays(7), told::addAll, recent,
                Clock.fixed(NOW, ZoneOffset.UTC));

        watch.check();

        assertThat(recent.quietPaths()).isEqualTo(1);
        assertThat(told).isEmpty();
    }

    private static org.postgresql.ds.PGSimpleDataSource dataSource() {
        org.postgresql.ds.PGSimpleDataSource warehouse = new org.postgresql.ds.PGSimpleDataSource();
        warehouse.setURL(url);
        warehouse.setUser(EmbeddedServices.dbUser());
        warehouse.setPassword(EmbeddedServices.dbPassword());
        return warehouse;
    }
}
