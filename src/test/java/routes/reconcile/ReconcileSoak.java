package routes.reconcile;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import routes.local.SyntheticEvents;
import routes.testing.EmbeddedServices;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A measurement, not a test of behaviour: {@code reconcile} over 1,000,000 rows per side in the embedded
 * PostgreSQL, run as the packaged jar with {@code /usr/bin/time -v} (wall time, peak RSS). Not part of
 * {@code mvn verify} (no *IT/*Test name); run it with
 * {@code mvn -B -o verify -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ReconcileSoak}.
 */
@Tag("soak")
@ExtendWith(EmbeddedServices.class)
class ReconcileSoak {

    private static final int ROWS = Integer.getInteger("reconcile.soak.rows", 1_000_000);
    private static final Instant FROM = Instant.parse("2026-11-25T00:00:00Z");

    @Test
    void millionRowsPerSide() throws Exception {
        var ds = EmbeddedServices.dataSource();
        String table = "soak.events_new";
        String legacy = "soak.events_legacy";
        LegacyFixture.execute(ds, "DROP SCHEMA IF EXISTS soak CASCADE");
        LegacyFixture.createNew(ds, table);
        LegacyFixture.createLegacy(ds, legacy);
        long started = System.nanoTime();
        try (Connection c = ds.getConnection()) {
            ((PGConnection) c.unwrap(PGConnection.class)).getCopyAPI().copyIn(
                    "COPY " + table + " (event_id, event_key, occurred_at, loaded_at, batch_id, payload) FROM STDIN",
                    new EventRows(ROWS));
        }
        LegacyFixture.execute(ds,
                "INSERT INTO " + legacy + " (uuid, name, ts, doc, ingested_at) SELECT event_id, event_key, occurred_at,"
                        + " payload::text, date_trunc('hour', occurred_at) + interval '70 minutes' FROM " + table,
                "DELETE FROM " + legacy + " WHERE uuid IN (SELECT event_id FROM " + table + " ORDER BY event_id LIMIT 10)",
                "UPDATE " + legacy + " SET doc = jsonb_set(doc::jsonb, '{data,seq}', '-1')::text WHERE uuid IN"
                        + " (SELECT event_id FROM " + table + " ORDER BY event_id DESC LIMIT 5)",
                "ANALYZE " + table, "ANALYZE " + legacy);
        System.out.printf("soak: %,d rows per side prepared in %d s%n", ROWS, (System.nanoTime() - started) / 1_000_000_000);

        Path out = Files.createTempDirectory("reconcile-soak");
        Path timeLog = out.resolve("time.log");
        Process p = new ProcessBuilder(List.of("/usr/bin/time", "-v", "-o", timeLog.toString(),
                "java", "-Xmx" + System.getProperty("reconcile.soak.xmx", "128m"), "-jar", "target/event-pipeline.jar",
                "reconcile", "--from", FROM.toString(), "--to", FROM.plus(Duration.ofDays(1)).toString(),
                "--table", table, "--legacy-table", legacy, "--out", out.toString(),
                "--pipeline.warehouse.jdbc-url=" + EmbeddedServices.jdbcUrl(),
                "--pipeline.reconcile.legacy.column.id=uuid", "--pipeline.reconcile.legacy.column.key=name",
                "--pipeline.reconcile.legacy.column.occurred-at=ts", "--pipeline.reconcile.legacy.column.payload=doc",
                "--pipeline.reconcile.legacy.column.loaded-at=ingested_at"))
                .inheritIO().start();
        int exit = p.waitFor();
        String time = Files.readString(timeLog);
        System.out.println("soak: exit " + exit + "\n" + time.lines()
                .filter(l -> l.contains("Elapsed (wall") || l.contains("Maximum resident") || l.contains("User time")
                        || l.contains("System time")).reduce("", (a, b) -> a + b + "\n"));
        ReconcileReport report = ReportWriter.read(out.resolve("report.json"));
        assertThat(exit).isEqualTo(1);
        // A few generated events occur just before the window (retried jobs lag up to 30 s): not counted.
        long inWindow = report.totals().newRows();
        assertThat(inWindow).isBetween(ROWS - 100L, (long) ROWS);
        assertThat(report.totals()).isEqualTo(new ReconcileReport.Totals(inWindow, inWindow - 10, 10, 0, 0, 0, 5));
    }

    /** COPY text rows of synthetic events, 1M over 24 h, generated while PostgreSQL reads them. */
    private static final class EventRows extends Reader {
        private final LegacyFixture.MovableClock clock = new LegacyFixture.MovableClock();
        private final SyntheticEvents events = new SyntheticEvents(1, 100, 0, clock);
        private final int total;
        private final long stepMs;
        private int produced;
        private String line = "";
        private int pos;

        EventRows(int total) {
            this.total = total;
            this.stepMs = Duration.ofDays(1).toMillis() / total;
        }

        @Override
        public int read(char[] buf, int off, int len) {
            if (pos == line.length()) {
                if (produced == total) {
                    return -1;
                }
                clock.now = FROM.plusMillis(produced * stepMs + 60);
                LegacyFixture.Event e = LegacyFixture.parse(events.next());
                String ts = OffsetDateTime.ofInstant(e.occurredAt(), java.time.ZoneOffset.UTC).toString();
                String loaded = OffsetDateTime.ofInstant(e.occurredAt().plusSeconds(3), java.time.ZoneOffset.UTC).toString();
                String json = e.payload().toString().replace("\\", "\\\\");
                line = e.id() + "\t" + e.key() + "\t" + ts + "\t" + loaded + "\tsoak\t" + json + "\n";
                pos = 0;
                produced++;
            }
            int n = Math.min(len, line.length() - pos);
            line.getChars(pos, pos + n, buf, off);
            pos += n;
            return n;
        }

        @Override
        public void close() throws IOException {
        }
    }
}
