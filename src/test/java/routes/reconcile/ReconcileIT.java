package routes.reconcile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import routes.EventPipelineCli;
import routes.reconcile.LegacyFixture.Event;
import routes.reconcile.ReconcileReport.HourSummary;
import routes.reconcile.ReconcileReport.IdRow;
import routes.testing.EmbeddedServices;
import routes.testing.HeadlessChromium;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@code reconcile} against the real PostgreSQL: a legacy table built from the same generated events with
 * known differences, and an identical pair. Each test uses its own tables.
 */
@ExtendWith(EmbeddedServices.class)
class ReconcileIT {

    private static final Instant FROM = Instant.parse("2026-11-25T00:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofHours(3));

    private static DataSource ds;
    private static List<Event> events;
    private static int tables;

    @BeforeAll
    static void generate() {
        ds = EmbeddedServices.dataSource();
        events = LegacyFixture.events(42, 600, FROM, Duration.ofHours(3)); // 200 per hour
    }

    @Test
    void reportFindsExactlyTheMissingExtraDuplicatedAndAlteredEventsAndExitsOne(@TempDir Path out) throws Exception {
        Pair pair = pairWithKnownDifferences();

        int exit = reconcile(out, pair, "--from", FROM.toString(), "--to", TO.toString());

        assertThat(exit).isEqualTo(1);
        ReconcileReport report = ReportWriter.read(out.resolve("report.json"));
        assertThat(report.reconciled()).isFalse();
        assertThat(ids(report.onlyInNew().sample())).isEqualTo(sorted(pair.missingFromLegacy));
        assertThat(report.onlyInNew().total()).isEqualTo(10);
        assertThat(ids(report.onlyInLegacy().sample())).isEqualTo(sorted(pair.extraInLegacy));
        assertThat(report.onlyInLegacy().total()).isEqualTo(7);
        assertThat(report.legacyDuplicates().ids()).isEqualTo(1);
        assertThat(report.legacyDuplicates().sample()).extracting(ReconcileReport.DuplicateRow::id)
                .containsExactly(pair.duplicated);
        assertThat(report.newDuplicates().ids()).isZero();
        // 5 altered in data.seq; 3 more only differ in number formatting (123 vs 123.0) and must not count.
        assertThat(report.content().ids()).isEqualTo(5);
        assertThat(report.content().paths()).isEqualTo(Map.of("data.seq", 5L));
        assertThat(report.content().sample()).extracting(ReconcileReport.ContentRow::id)
                .containsExactlyInAnyOrderElementsOf(pair.altered);
        assertThat(report.totals()).isEqualTo(new ReconcileReport.Totals(600, 600 - 10 + 7 + 1, 10, 7, 0, 1, 5));
        assertThat(report.hours()).extracting(HourSummary::hour, HourSummary::reconciled).containsExactly(
                org.assertj.core.groups.Tuple.tuple(FROM.toString(), false),
                org.assertj.core.groups.Tuple.tuple(FROM.plusSeconds(3600).toString(), false),
                org.assertj.core.groups.Tuple.tuple(FROM.plusSeconds(7200).toString(), true));
        // Late legacy loads show in the latency of the last hour; the new side loads within seconds.
        assertThat(report.latency()).filteredOn(l -> l.side().equals("legacy") && l.hour().equals(FROM.plusSeconds(7200).toString()))
                .singleElement().satisfies(l -> assertThat(l.maxMs()).isGreaterThanOrEqualTo(4 * 3_600_000.0));
        assertThat(report.latency()).filteredOn(l -> l.side().equals("new"))
                .allSatisfy(l -> assertThat(l.maxMs()).isLessThan(5_000.0));
        assertThat(report.loadedPerMinute().stream().mapToLong(ReconcileReport.MinuteCount::newRows).sum()).isEqualTo(600);
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("NOT RECONCILED").contains("data-chart=").contains("rows per hour")
                .contains("latency percentiles").contains("PipelineCharts.drawAll()")
                .doesNotContainPattern("(src|href|url)[=(]\"?https?:");
    }

    @Test
    void identicalPairReconcilesAndExitsZero(@TempDir Path out) throws Exception {
        String name = unique();
        String newTable = "rc.new_" + name;
        String legacyTable = "rc.legacy_" + name;
        LegacyFixture.createNew(ds, newTable);
        LegacyFixture.createLegacy(ds, legacyTable);
        LegacyFixture.insertNew(ds, newTable, events, LegacyFixture::fewSecondsLater);
        LegacyFixture.insertLegacy(ds, legacyTable, events, LegacyFixture::hourlyLoad);

        int exit = reconcile(out, new Pair(newTable, legacyTable), "--from", FROM.toString(), "--to", TO.toString());

        assertThat(exit).isZero();
        ReconcileReport report = ReportWriter.read(out.resolve("report.json"));
        assertThat(report.totals()).isEqualTo(new ReconcileReport.Totals(600, 600, 0, 0, 0, 0, 0));
        assertThat(report.hours()).hasSize(3).allMatch(HourSummary::reconciled);
    }

    @Test
    void recheckComparesOnlyTheHoursThatDidNotReconcile(@TempDir Path out) throws Exception {
        Pair pair = pairWithKnownDifferences();
        assertThat(reconcile(out, pair, "--from", FROM.toString(), "--to", TO.toString())).isEqualTo(1);
        // Late data and fixes arrive in the legacy table: now it matches.
        LegacyFixture.execute(ds, "DELETE FROM " + pair.legacyTable, "INSERT INTO " + pair.legacyTable
                + " (uuid, name, ts, doc, ingested_at) SELECT event_id, event_key, occurred_at, payload::text, loaded_at FROM "
                + pair.newTable);

        int exit = reconcile(out, pair, "--recheck");

        assertThat(exit).isZero();
        ReconcileReport report = ReportWriter.read(out.resolve("report.json"));
        assertThat(report.recheckedHours()).containsExactly(FROM.toString(), FROM.plusSeconds(3600).toString());
        assertThat(report.hours()).extracting(HourSummary::hour).containsExactlyElementsOf(report.recheckedHours());
        assertThat(report.totals().newRows()).isEqualTo(400);
    }

    @Test
    void errorsExitTwoWithOneLine(@TempDir Path out) throws Exception {
        Pair pair = new Pair("rc.absent_" + unique(), "rc.absent_legacy_" + unique());
        assertThat(reconcile(out, new Pair("public.events; drop table x", "legacy.events"),
                "--from", FROM.toString(), "--to", TO.toString())).isEqualTo(2);
        assertThat(reconcile(out, pair, "--from", FROM.toString(), "--to", TO.toString())).isEqualTo(2);
        assertThat(reconcile(out, pair, "--from", "yesterday", "--to", TO.toString())).isEqualTo(2);
        assertThat(reconcile(out, pair, "--from", TO.toString(), "--to", FROM.toString())).isEqualTo(2);
        assertThat(reconcile(out, pair, "--recheck")).isEqualTo(2);
        assertThat(reconcile(out, pair, "--from", FROM.toString(), "--to", TO.toString(),
                "--pipeline.reconcile.legacy.column.id=uuid;drop")).isEqualTo(2);
    }

    @Test
    void redshiftDialectOnAPostgresqlServerSaysWhatToSetAndExitsTwo(@TempDir Path out) throws Exception {
        String name = unique();
        Pair pair = new Pair("rc.new_" + name, "rc.legacy_" + name);
        LegacyFixture.createNew(ds, pair.newTable);
        LegacyFixture.createLegacy(ds, pair.legacyTable);

        Run run = run(out, pair, "--from", FROM.toString(), "--to", TO.toString(),
                "--pipeline.warehouse.dialect=redshift");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.output().strip()).startsWith("reconcile: pipeline.warehouse.dialect=redshift but the server at "
                        + EmbeddedServices.jdbcUrl().replaceAll("[?;].*", "") + " is PostgreSQL ")
                .endsWith("; set pipeline.warehouse.dialect=postgresql")
                .doesNotContain("password").doesNotContain("only so far").hasLineCount(1);
        assertThat(out.resolve("report.json")).doesNotExist();
    }

    @Test
    void reportRendersInHeadlessChromium(@TempDir Path out) throws Exception {
        Optional<HeadlessChromium> browser = HeadlessChromium.find(out);
        assumeThat(browser).as(HeadlessChromium.MISSING).isPresent();
        Pair pair = pairWithKnownDifferences();
        assertThat(reconcile(out, pair, "--from", FROM.toString(), "--to", TO.toString())).isEqualTo(1);
        String report = out.resolve("report.html").toUri().toString();
        Path png = out.resolve("report.png");

        HeadlessChromium.Result page = browser.get().dumpDom(report, 2_000);
        browser.get().screenshot(report, 2_000, png, "1200,1600");

        assertThat(page.consoleMessages()).as("console of the report").isEmpty();
        assertThat(page.dom()).as("every chart drawn by uPlot").contains("class=\"uplot");
        assertThat(page.dom().split("class=\"uplot").length - 1).isEqualTo(3);
        byte[] image = Files.readAllBytes(png);
        assertThat(image).startsWith(0x89, 'P', 'N', 'G');
        assertThat(image.length).as("a rendered page, not a blank one").isGreaterThan(30_000);
        if (Boolean.getBoolean("reconcile.screenshot.write")) {
            Files.copy(png, Path.of("docs/reconcile-report.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** 10 ids missing from legacy, 7 extra in legacy, 5 altered, 3 reformatted numbers, 1 duplicate, late loads. */
    private Pair pairWithKnownDifferences() throws Exception {
        String name = unique();
        Pair pair = new Pair("rc.new_" + name, "rc.legacy_" + name);
        LegacyFixture.createNew(ds, pair.newTable);
        LegacyFixture.createLegacy(ds, pair.legacyTable);
        LegacyFixture.insertNew(ds, pair.newTable, events, LegacyFixture::fewSecondsLater);

        List<Event> legacy = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (i >= 10 && i < 20) {
                pair.missingFromLegacy.add(e.id());
                continue;
            }
            if (i >= 250 && i < 255) {
                ObjectNode altered = e.payload().deepCopy();
                ((ObjectNode) altered.get("data")).put("seq", altered.get("data").get("seq").asLong() + 1_000);
                pair.altered.add(e.id());
                e = new Event(e.id(), e.key(), e.occurredAt(), altered);
            } else if (i >= 260 && i < 263) {
                ObjectNode reformatted = e.payload().deepCopy();
                ((ObjectNode) reformatted.get("actor")).put("id", reformatted.get("actor").get("id").asDouble());
                e = new Event(e.id(), e.key(), e.occurredAt(), reformatted);
            }
            legacy.add(e);
        }
        legacy.add(events.get(30)); // the legacy shipper delivered this one twice
        pair.duplicated = events.get(30).id();
        List<Event> extra = LegacyFixture.events(7, 7, FROM.plusSeconds(600), Duration.ofMinutes(20));
        extra.forEach(e -> pair.extraInLegacy.add(e.id()));
        legacy.addAll(extra);
        List<Event> late = legacy.stream().filter(e -> e.occurredAt().isAfter(FROM.plusSeconds(7200))).limit(30).toList();
        Set<String> lateIds = late.stream().map(Event::id).collect(Collectors.toSet());
        LegacyFixture.insertLegacy(ds, pair.legacyTable, legacy,
                e -> lateIds.contains(e.id()) ? e.occurredAt().plus(Duration.ofHours(4)) : LegacyFixture.hourlyLoad(e));
        return pair;
    }

    private static int reconcile(Path out, Pair pair, String... args) {
        return run(out, pair, args).exit();
    }

    /** What a run printed (stdout and stderr together) and its exit code. */
    private record Run(int exit, String output) {
    }

    /** Runs {@code reconcile} in-process, as {@code java -jar … reconcile} would, against the embedded warehouse. */
    private static Run run(Path out, Pair pair, String... args) {
        List<String> all = new ArrayList<>(List.of("reconcile", "--table", pair.newTable, "--legacy-table", pair.legacyTable,
                "--out", out.toString(),
                "--pipeline.warehouse.jdbc-url=" + EmbeddedServices.jdbcUrl(),
                "--pipeline.warehouse.user=" + EmbeddedServices.dbUser(),
                "--pipeline.warehouse.password=" + EmbeddedServices.dbPassword(),
                "--pipeline.reconcile.legacy.column.id=uuid", "--pipeline.reconcile.legacy.column.key=name",
                "--pipeline.reconcile.legacy.column.occurred-at=ts", "--pipeline.reconcile.legacy.column.payload=doc",
                "--pipeline.reconcile.legacy.column.loaded-at=ingested_at"));
        all.addAll(List.of(args));
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            int exit = new CommandLine(new EventPipelineCli()).execute(all.toArray(String[]::new));
            return new Run(exit, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
            String text = captured.toString(StandardCharsets.UTF_8);
            stdout.print(text);
            assertThat(text).doesNotContain("\tat "); // errors are one line, never a stack trace
        }
    }

    private static List<String> ids(List<IdRow> rows) {
        return rows.stream().map(IdRow::id).toList();
    }

    private static List<String> sorted(List<String> ids) {
        return ids.stream().sorted().toList();
    }

    private static synchronized String unique() {
        return String.format(Locale.ROOT, "t%d_%d", ProcessHandle.current().pid(), ++tables);
    }

    private static final class Pair {
        final String newTable;
        final String legacyTable;
        final List<String> missingFromLegacy = new ArrayList<>();
        final List<String> extraInLegacy = new ArrayList<>();
        final List<String> altered = new ArrayList<>();
        String duplicated;

        Pair(String newTable, String legacyTable) {
            this.newTable = newTable;
            this.legacyTable = legacyTable;
        }
    }
}
