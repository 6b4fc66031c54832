package routes.operate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.offsets.GroupOffsetReset;
import routes.testing.EmbeddedServices;
import routes.testing.TestEvents;
import routes.testing.TestPipelines;
import routes.testing.TestPipelines.Namespace;
import routes.testing.Warehouse;
import software.amazon.awssdk.core.sync.RequestBody;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/** {@code janitor} against the embedded services, after a batcher left objects in S3 it never announced. */
@ExtendWith(EmbeddedServices.class)
class JanitorIT {

    private static final int EVENTS = 300;

    @Test
    void findsExactlyTheObjectsABatcherWroteButNeverAnnouncedAndDeletesOnlyThemWhenAsked(@TempDir Path spool) throws Exception {
        Namespace ns = Namespace.random();
        EmbeddedServices.createTopic(ns.events(), 1);
        EmbeddedServices.createTopic(ns.dlq(), 1);
        EmbeddedServices.createTopic(ns.batches(), 1);
        // the batcher announces on a topic no loader (and no janitor) reads: from the loader's side its objects
        // were written and never announced, the state a kill -9 between the S3 PUT and the notification leaves
        String elsewhere = ns.id() + "-unread-batches";
        EmbeddedServices.createTopic(elsewhere, 1);
        EmbeddedServices.produce(ns.events(), TestEvents.events(EVENTS, 3));
        try (PipelineRuntime ignored = PipelineRuntime.start(TestPipelines.settings(ns)
                .set(Setting.KAFKA_TOPIC_BATCHES, elsewhere)
                .set(Setting.ROLE_LOADER, "false")
                .set(Setting.BATCH_MAX_RECORDS, "50").build())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> EmbeddedServices.listObjects(ns.prefix()).size() >= EVENTS / 50
                    && TestPipelines.caughtUp(ns.batcherGroup(), ns.events()));
        }
        List<String> leftBehind = EmbeddedServices.listObjects(ns.prefix());
        assertThat(leftBehind).hasSize(EVENTS / 50);

        // as after the crash, the events come back (here: the batcher's offsets are reset), are batched anew
        // (other batch ids) and announced on topic B and loaded
        GroupOffsetReset.reset(EmbeddedServices.kafkaBootstrapServers(), routes.config.KafkaClientSecurity.from(PipelineSettings.defaults()), List.of(ns.batcherGroup()));
        PipelineSettings settings = TestPipelines.settings(ns).set(Setting.BATCH_SPOOL_DIR, spool.toString()).build();
        // until a batcher has made those records durable again, the objects may still be announced: kept, however old
        // (the ledger as a loader that ran before would have left it)
        try (var c = EmbeddedServices.dataSource().getConnection(); var st = c.createStatement()) {
            for (String ddl : routes.load.WarehouseSchema.statements(c, routes.contract.Warehouse.POSTGRESQL, List.of())) {
                st.execute(ddl);
            }
        }
        Supplier<Instant> twoHoursOn = () -> Janitor.s3Clock(settings, EmbeddedServices.s3Client()).get().plus(Duration.ofHours(2));
        Janitor.Report beforeRebatch = new Janitor(settings, EmbeddedServices.s3Client(), Clock.systemUTC(), twoHoursOn)
                .run(Duration.ofHours(1), true);
        assertThat(beforeRebatch.orphans()).isEmpty();
        assertThat(beforeRebatch.uncommitted()).isEqualTo(leftBehind.size());
        assertThat(EmbeddedServices.listObjects(ns.prefix())).containsExactlyInAnyOrderElementsOf(leftBehind);
        try (PipelineRuntime ignored = PipelineRuntime.start(settings)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> Warehouse.rows(ns.table()) >= EVENTS);
            await().atMost(Duration.ofSeconds(30)).until(() -> TestPipelines.caughtUp(ns.loaderGroup(), ns.batches()));
        }
        List<String> loadedObjects = EmbeddedServices.listObjects(ns.prefix()).stream().filter(k -> !leftBehind.contains(k)).toList();
        assertThat(loadedObjects).isNotEmpty();

        Instant later = Instant.now().plus(Duration.ofHours(2));
        Path staleSpool = Files.writeString(spool.resolve("batch-1.ndjson.gz"), "x");
        Files.setLastModifiedTime(staleSpool, FileTime.from(later.minus(Duration.ofDays(1))));
        Path freshSpool = Files.writeString(spool.resolve("batch-2.ndjson.gz"), "x");
        Files.setLastModifiedTime(freshSpool, FileTime.from(later));
        String manifest = "manifests/public." + ns.id() + "_events/" + UUID.randomUUID() + ".manifest";
        EmbeddedServices.s3Client().putObject(b -> b.bucket(EmbeddedServices.bucket()).key(manifest), RequestBody.fromString("{}"));

        // two hours on, by both clocks: the S3 server's ages the objects, this machine's the spool files
        S3ServerClock s3Clock = Janitor.s3Clock(settings, EmbeddedServices.s3Client());
        Janitor janitor = new Janitor(settings, EmbeddedServices.s3Client(), Clock.fixed(later, ZoneOffset.UTC),
                () -> s3Clock.get().plus(Duration.ofHours(2)));
        assertThatIllegalArgumentException().isThrownBy(() -> janitor.run(Duration.ofMinutes(1), true))
                .withMessageContaining("--older-than 1m is below the floor of 5m");
        assertThat(EmbeddedServices.listObjects(ns.prefix())).as("a refused run deletes nothing").containsAll(leftBehind);
        Janitor.Report report = janitor.run(Duration.ofHours(1), false);
        assertThat(report.orphans()).containsExactlyInAnyOrderElementsOf(leftBehind);
        assertThat(report.spoolFiles()).containsExactly(staleSpool);
        assertThat(report.manifests()).contains(manifest);
        assertThat(report.deleted()).isZero();
        assertThat(EmbeddedServices.listObjects(ns.prefix())).containsAll(leftBehind);
        assertThat(new Janitor(settings, EmbeddedServices.s3Client(), Clock.fixed(later, ZoneOffset.UTC), s3Clock)
                .run(Duration.ofHours(1), false).orphans())
                .as("by the S3 server's clock nothing is an hour old yet, whatever this machine's clock says").isEmpty();

        Janitor.Report deleted = janitor.run(Duration.ofHours(1), true);
        assertThat(deleted.failed()).isZero();
        assertThat(EmbeddedServices.listObjects(ns.prefix())).containsExactlyInAnyOrderElementsOf(loadedObjects);
        assertThat(EmbeddedServices.listObjects("manifests/")).doesNotContain(manifest);
        assertThat(spool).isDirectoryNotContaining(p -> p.equals(staleSpool));
        assertThat(freshSpool).exists();
        assertThat(janitor.run(Duration.ofHours(1), false).orphans()).isEmpty();
        assertThat(Warehouse.rows(ns.table())).isEqualTo(EVENTS);
    }

    @Test
    void theS3ServersClockIsReadFromItsResponsesAndAgreesWithTheLastModifiedItGivesANewObject() {
        String key = "manifests/" + UUID.randomUUID() + ".manifest";
        Instant before = new S3ServerClock(EmbeddedServices.s3Client(), EmbeddedServices.bucket(), "manifests/").get();
        EmbeddedServices.s3Client().putObject(b -> b.bucket(EmbeddedServices.bucket()).key(key), RequestBody.fromString("{}"));
        Instant written = EmbeddedServices.s3Client().headObject(b -> b.bucket(EmbeddedServices.bucket()).key(key)).lastModified();
        Instant after = new S3ServerClock(EmbeddedServices.s3Client(), EmbeddedServices.bucket(), "manifests/").get();

        assertThat(written).isBetween(before.minusSeconds(1), after.plusSeconds(1));
        EmbeddedServices.s3Client().deleteObject(b -> b.bucket(EmbeddedServices.bucket()).key(key));
    }
}
