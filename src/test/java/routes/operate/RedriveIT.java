package routes.operate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import routes.config.Setting;
import routes.contract.DlqHeaders;
import routes.PipelineRuntime;
import routes.contract.BatchNotification;
import routes.config.PipelineSettings;
import routes.testing.EmbeddedServices;
import routes.testing.PipelineOutputs;
import routes.testing.TestEvents;
import routes.testing.TestPipelines;
import routes.testing.TestPipelines.Namespace;
import routes.testing.Warehouse;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code dlq redrive} against the embedded services with the real pipeline running in-process. */
@ExtendWith(EmbeddedServices.class)
class RedriveIT {

    private static final int SMALL = 300;
    private static final int LARGE = 5;
    private static final String TOO_SMALL_LIMIT = "2048";

    @Test
    void redriveAfterRaisingMaxBytesLoadsExactlyTheRedrivenEventsOnceEvenWhenRunTwice() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(2);
        List<byte[]> events = new ArrayList<>(TestEvents.events(SMALL, 3));
        for (int i = SMALL; i < SMALL + LARGE; i++) {
            events.add(large(i));
        }
        EmbeddedServices.produce(ns.events(), events);

        try (PipelineRuntime ignored = PipelineRuntime.start(TestPipelines.settings(ns)
                .set(Setting.EVENT_MAX_BYTES, TOO_SMALL_LIMIT).build())) {
            awaitRows(ns.table(), SMALL);
            await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(ns).size() == LARGE);
        }
        assertThat(deadLetters(ns)).allSatisfy(r ->
                assertThat(DlqSelection.header(r, DlqHeaders.REASON).orElseThrow()).startsWith("too_large:"));

        PipelineSettings raised = TestPipelines.settings(ns).build();
        DlqRedrive redrive = new DlqRedrive(raised, EmbeddedServices.s3Client());
        DlqSelection tooLarge = new DlqSelection(DlqSelection.Stage.batcher, "too_large", null, null);
        DlqRedrive.Summary dryRun = redrive.run(tooLarge, true);
        assertThat(dryRun.selected()).isEqualTo(LARGE);
        assertThat(dryRun.redriven()).isZero();
        assertThat(new DlqRedrive(raised, EmbeddedServices.s3Client()).run(new DlqSelection(DlqSelection.Stage.loader, null, null, null), false).selected())
                .as("nothing was dead-lettered by the loader").isZero();

        try (PipelineRuntime ignored = PipelineRuntime.start(raised)) {
            DlqRedrive.Summary first = redrive.run(tooLarge, false);
            assertThat(first.redriven()).isEqualTo(LARGE);
            assertThat(first.failed()).isZero();
            awaitRows(ns.table(), SMALL + LARGE);

            DlqRedrive.Summary second = redrive.run(tooLarge, false);
            assertThat(second.selected()).isEqualTo(LARGE);
            assertThat(second.alreadyRedriven()).isEqualTo(LARGE);
            assertThat(second.redriven()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> TestPipelines.caughtUp(ns.batcherGroup(), ns.events())
                    && TestPipelines.caughtUp(ns.loaderGroup(), ns.batches()));
        }
        assertThat(Warehouse.rows(ns.table())).isEqualTo(SMALL + LARGE);
        assertThat(Warehouse.distinctIds(ns.table())).isEqualTo(SMALL + LARGE);
        assertThat(Warehouse.count("select count(*) from " + ns.table() + " where event_id >= '" + TestEvents.id(SMALL) + "'"))
                .isEqualTo(LARGE);
        assertThat(deadLetters(ns)).as("nothing failed again").hasSize(LARGE);
        List<ConsumerRecord<byte[], byte[]>> copies = EmbeddedServices.consumeAll(ns.events(), Duration.ofSeconds(10)).stream()
                .filter(r -> r.headers().lastHeader(DlqHeaders.REDRIVEN_FROM) != null).toList();
        assertThat(copies).hasSize(LARGE);
    }

    @Test
    void aNotificationDeadLetteredForAMissingObjectLoadsOnceWhenRedrivenAfterTheObjectIsBack() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(1);
        EmbeddedServices.produce(ns.events(), TestEvents.events(SMALL, 3));
        PipelineSettings settings = TestPipelines.settings(ns).build();
        try (PipelineRuntime ignored = PipelineRuntime.start(settings)) {
            awaitRows(ns.table(), SMALL);
            BatchNotification real = PipelineOutputs.notifications(ns.batches()).get(0);
            byte[] object = gzipLines(SMALL, SMALL + LARGE, real.eventKey());
            String batchId = real.batchId() + "late";
            String key = real.key().replace(real.batchId(), batchId);
            BatchNotification late = new BatchNotification(batchId, real.eventKey(), real.table(), real.bucket(), key, LARGE,
                    object.length, sha256(object), real.minOccurredAt(), real.maxOccurredAt(), real.sources(), real.createdAt());
            EmbeddedServices.produce(ns.batches(), List.of(PipelineOutputs.JSON.writeValueAsBytes(late)));
            await().atMost(Duration.ofSeconds(45)).until(() -> deadLetters(ns).size() == 1);

            EmbeddedServices.s3Client().putObject(b -> b.bucket(EmbeddedServices.bucket()).key(key), RequestBody.fromBytes(object));
            DlqSelection loadFailed = new DlqSelection(DlqSelection.Stage.loader, "load_failed", null, null);
            assertThat(new DlqRedrive(settings, EmbeddedServices.s3Client()).run(loadFailed, false).redriven()).isEqualTo(1);
            awaitRows(ns.table(), SMALL + LARGE);
            assertThat(new DlqRedrive(settings, EmbeddedServices.s3Client()).run(loadFailed, false).redriven()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> TestPipelines.caughtUp(ns.loaderGroup(), ns.batches()));
        }
        assertThat(Warehouse.rows(ns.table())).isEqualTo(SMALL + LARGE);
        assertThat(Warehouse.distinctIds(ns.table())).isEqualTo(SMALL + LARGE);
        assertThat(deadLetters(ns)).as("nothing failed again").hasSize(1);
    }

    private static byte[] gzipLines(int from, int to, String eventKey) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            for (int i = from; i < to; i++) {
                String line = new String(TestEvents.event(i, 3), StandardCharsets.UTF_8)
                        .replace(TestEvents.key(i, 3), eventKey);
                gzip.write(line.getBytes(StandardCharsets.UTF_8));
                gzip.write('\n');
            }
        }
        return bytes.toByteArray();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] large(int i) {
        String json = new String(TestEvents.event(i, 3), StandardCharsets.UTF_8);
        return json.replace("\"source\":\"rails-web-1\"", "\"source\":\"rails-web-1\",\"note\":\"" + "x".repeat(4000) + "\"")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(Namespace ns) {
        return EmbeddedServices.consumeAll(ns.dlq(), Duration.ofSeconds(5));
    }

    private static void awaitRows(String table, long rows) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> Warehouse.rows(table) >= rows);
    }
}
