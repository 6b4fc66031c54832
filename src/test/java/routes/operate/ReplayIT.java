package routes.operate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import routes.PipelineRuntime;
import routes.config.PipelineSettings;
import routes.testing.EmbeddedServices;
import routes.testing.PipelineOutputs;
import routes.testing.TestPipelines;
import routes.testing.TestPipelines.Namespace;
import routes.testing.Warehouse;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code replay} against the embedded services with the real pipeline (batcher and loader) running in-process. */
@ExtendWith(EmbeddedServices.class)
class ReplayIT {

    private static final int PER_HOUR = 200;
    private static final Instant NINE = Instant.parse("2026-11-24T09:00:00Z");
    private static final Instant TEN = NINE.plus(Duration.ofHours(1));
    private static final Instant ELEVEN = TEN.plus(Duration.ofHours(1));

    @Test
    void replayAfterDeletingAnHoursRowsRestoresExactlyThoseRowsOnce() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(2);
        PipelineSettings settings = TestPipelines.settings(ns).build();
        try (PipelineRuntime ignored = PipelineRuntime.start(settings)) {
            // one hour at a time, so each hour's batches are filed under that hour (a batch goes under its first event's hour)
            for (int hour = 0; hour < 3; hour++) {
                EmbeddedServices.produce(ns.events(), events(hour));
                awaitRows(ns.table(), (hour + 1L) * PER_HOUR);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> TestPipelines.caughtUp(ns.loaderGroup(), ns.batches()));
            long batches = PipelineOutputs.notifications(ns.batches()).size();
            List<String> tenOClockIds = ids(ns, TEN);
            assertThat(tenOClockIds).hasSize(PER_HOUR);

            Replay.Summary overLoaded = replay(settings, false, false);
            assertThat(overLoaded.selected()).as("objects of 09 (the lead hour) and 10").isPositive();
            assertThat(overLoaded.inLedger()).isEqualTo(overLoaded.selected());
            assertThat(overLoaded.published()).isZero();
            assertThat(overLoaded.refused()).isZero();

            Warehouse.count("with d as (delete from " + ns.table() + " where occurred_at >= '" + TEN + "' and occurred_at < '"
                    + ELEVEN + "' returning 1) select count(*) from d");
            assertThat(Warehouse.rows(ns.table())).isEqualTo(2L * PER_HOUR);

            Replay.Summary dryRun = replay(settings, true, true);
            assertThat(dryRun.forgotten()).isZero();
            assertThat(dryRun.published()).isEqualTo(overLoaded.selected());

            Replay.Summary restored = replay(settings, false, true);
            assertThat(restored.forgotten()).isEqualTo(overLoaded.selected());
            assertThat(restored.published()).isEqualTo(overLoaded.selected());
            assertThat(restored.failed()).isZero();
            awaitRows(ns.table(), 3L * PER_HOUR);
            await().atMost(Duration.ofSeconds(30)).until(() -> TestPipelines.caughtUp(ns.loaderGroup(), ns.batches())
                    && Warehouse.count("select count(*) from event_pipeline.loads where target_table = '" + ns.table() + "'") == batches);

            Replay.Summary again = replay(settings, false, false);
            assertThat(again.published()).as("everything is in the ledger again").isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> TestPipelines.caughtUp(ns.loaderGroup(), ns.batches()));
            assertThat(ids(ns, TEN)).containsExactlyElementsOf(tenOClockIds);
        }
        assertThat(Warehouse.rows(ns.table())).isEqualTo(3L * PER_HOUR);
        assertThat(Warehouse.distinctIds(ns.table())).isEqualTo(3L * PER_HOUR);
    }

    private static Replay.Summary replay(PipelineSettings settings, boolean dryRun, boolean forgetLedger) throws Exception {
        return new Replay(settings, EmbeddedServices.s3Client(), Clock.systemUTC())
                .run(new Replay.Options(TEN.plusSeconds(600), ELEVEN, null, null, dryRun, forgetLedger), Progress.silent());
    }

    private static List<byte[]> events(int hour) {
        List<byte[]> events = new ArrayList<>();
        for (int i = hour * PER_HOUR; i < (hour + 1) * PER_HOUR; i++) {
            Instant at = NINE.plus(Duration.ofHours(hour)).plusSeconds(i % 3600);
            events.add(("{\"event_id\":\"rp-" + String.format("%05d", i) + "\",\"event_key\":\"replay.key" + (i % 3)
                    + "\",\"occurred_at\":\"" + at + "\",\"source\":\"rails-web-1\",\"data\":{\"seq\":" + i + "}}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return events;
    }

    private static List<String> ids(Namespace ns, Instant hour) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = EmbeddedServices.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select event_id from " + ns.table() + " where occurred_at >= '" + hour
                     + "' and occurred_at < '" + hour.plus(Duration.ofHours(1)) + "' order by event_id")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static void awaitRows(String table, long rows) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> Warehouse.rows(table) >= rows);
    }
}
