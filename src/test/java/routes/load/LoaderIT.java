package routes.load;

import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import routes.PipelineRuntime;
import routes.config.Setting;
import routes.contract.BatchNotification;
import routes.contract.PerTargetTables;
import routes.contract.SqlIdentifier;
import routes.testing.EmbeddedServices;
import routes.testing.PipelineOutputs;
import routes.testing.TestEvents;
import routes.testing.TestPipelines;
import routes.testing.TestPipelines.Namespace;
import routes.testing.Warehouse;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Batcher and loader together on real Kafka, a real S3-compatible server and real PostgreSQL. */
@ExtendWith(EmbeddedServices.class)
class LoaderIT {

    @Test
    void fiftyThousandEventsBecomeExactlyFiftyThousandSanitizedRowsWithMatchingLedger() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(6);
        EmbeddedServices.produce(ns.events(), TestEvents.events(50_000, 30));

        try (PipelineRuntime ignored = PipelineRuntime.start(TestPipelines.settings(ns).build())) {
            awaitRows(ns.table(), 50_000);
            await().atMost(Duration.ofSeconds(30)).until(() -> TestPipelines.caughtUp(ns.loaderGroup(), ns.batches()));
        }

        assertThat(Warehouse.rows(ns.table())).isEqualTo(50_000);
        assertThat(Warehouse.distinctIds(ns.table())).isEqualTo(50_000);
        assertThat(Warehouse.count("select count(*) from " + ns.table() + " where payload::text like '%" + TestEvents.SSN_PREFIX + "%'"
                + " or payload::text like '%" + TestEvents.EMAIL_DOMAIN + "%'")).isZero();
        assertThat(Warehouse.count("select count(*) from " + ns.table() + " where payload->'data'->'employee'->>'ssn' = '****'"))
                .isEqualTo(50_000);
        // The field history names the masked field with its masked type and holds no value at all.
        String history = PerTargetTables.of("event_fields", SqlIdentifier.of(ns.table())).sql();
        assertThat(Warehouse.count("select count(*) from " + history
                + " where path = 'data.employee.ssn' and json_type = 'string'")).isPositive();
        assertThat(Warehouse.count("select count(*) from " + history + " h where h::text like '%" + TestEvents.SSN_PREFIX
                + "%' or h::text like '%" + TestEvents.EMAIL_DOMAIN + "%' or h::text like '%Ольга%'")).isZero();
        List<BatchNotification> notifications = PipelineOutputs.notifications(ns.batches());
        assertThat(Warehouse.count("select count(*) from event_pipeline.loads where target_table = '" + ns.table() + "'"))
                .isEqualTo(notifications.size());
        assertThat(Warehouse.count("select coalesce(sum(rows_inserted),0) from event_pipeline.loads where target_table = '"
                + ns.table() + "'")).isEqualTo(50_000);
    }

    @Test
    void replayedNotificationsAndAFullRestartFromOffsetZeroLoadNothingTwice() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(3);
        EmbeddedServices.produce(ns.events(), TestEvents.events(5_000, 5));
        try (PipelineRuntime ignored = PipelineRuntime.start(TestPipelines.settings(ns).build())) {
            awaitRows(ns.table(), 5_000);
            // every notification a second time
            List<byte[]> again = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : EmbeddedServices.consumeAll(ns.batches(), Duration.ofSeconds(3))) {
                again.add(r.value());
            }
            EmbeddedServices.produce(ns.batches(), again);
            await().atMost(Duration.ofSeconds(60)).until(() -> TestPipelines.caughtUp(ns.loaderGroup(), ns.batches()));
            assertThat(Warehouse.rows(ns.table())).isEqualTo(5_000);
        }
        // both routes again from offset 0 (run --reset): the groups forget their offsets and re-read everything
        var settings = TestPipelines.settings(ns).build();
        routes.offsets.GroupOffsetReset.reset(settings.get(Setting.KAFKA_BOOTSTRAP_SERVERS), routes.config.KafkaClientSecurity.from(settings),
                List.of(ns.batcherGroup(), ns.loaderGroup()));
        try (PipelineRuntime runtime = PipelineRuntime.start(settings)) {
            await().atMost(Duration.ofSeconds(90)).until(() ->
                    runtime.beans().metrics().total(routes.monitor.PipelineMetrics.EVENTS_CONSUMED) >= 5_000
                            && TestPipelines.caughtUp(ns.batcherGroup(), ns.events())
                            && TestPipelines.caughtUp(ns.loaderGroup(), ns.batches()));
        }
        assertThat(Warehouse.rows(ns.table())).isEqualTo(5_000);
        assertThat(Warehouse.distinctIds(ns.table())).isEqualTo(5_000);
    }

    @Test
    void missingCorruptAndForgedNotificationsAreDeadLetteredWhileTheRestOfTheCycleLoads() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(1);
        EmbeddedServices.produce(ns.events(), TestEvents.events(1_000, 2));
        try (PipelineRuntime ignored = PipelineRuntime.start(TestPipelines.settings(ns).build())) {
            awaitRows(ns.table(), 1_000);
            BatchNotification real = PipelineOutputs.notifications(ns.batches()).get(0);
            String corruptKey = real.key().replace(real.batchId(), "corrupt-batch-1");
            EmbeddedServices.s3Client().putObject(PutObjectRequest.builder().bucket(EmbeddedServices.bucket()).key(corruptKey).build(),
                    RequestBody.fromBytes("not gzip at all".getBytes(StandardCharsets.UTF_8)));
            List<byte[]> forged = List.of(
                    json(copy(real, "missing-batch-1", real.key().replace(real.batchId(), "missing-batch-1"), real.table())),
                    json(copy(real, "corrupt-batch-1", corruptKey, real.table())),
                    json(copy(real, "bad-table-1", real.key(), "public.events; drop table x")),
                    "{\"not\":\"a notification\"".getBytes(StandardCharsets.UTF_8));
            EmbeddedServices.produce(ns.batches(), forged);
            await().atMost(Duration.ofSeconds(60)).until(() -> EmbeddedServices.consumeAll(ns.dlq(), Duration.ofSeconds(2)).size() >= 4);
        }
        List<ConsumerRecord<byte[], byte[]>> deadLetters = EmbeddedServices.consumeAll(ns.dlq(), Duration.ofSeconds(3));
        assertThat(deadLetters).hasSize(4).allSatisfy(r -> {
            assertThat(header(r, "dlq.stage")).isEqualTo("loader");
            assertThat(header(r, "dlq.reason")).isNotBlank();
        });
        assertThat(Warehouse.rows(ns.table())).isEqualTo(1_000);
        assertThat(Warehouse.count("select count(*) from event_pipeline.loads where batch_id in ('missing-batch-1','corrupt-batch-1','bad-table-1')"))
                .isZero();
    }

    /**
     * Finding 1: times that do not parse were accepted and read after the COMMIT, where they threw and left the
     * cycle's offset holds unreleased: the topic-B partition never committed again. Finding 2: a notification
     * for an old object carrying another (e.g. a pending) batch's id reached the ledger.
     */
    @Test
    void notificationsWithGarbageTimesOrAnotherBatchsIdAreDeadLetteredAloneAndLaterOnesCommit() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(1);
        EmbeddedServices.produce(ns.events(), TestEvents.events(200, 1));
        String pendingId = ns.events() + "+0+200+00000000000000000000";
        try (PipelineRuntime ignored = PipelineRuntime.start(TestPipelines.settings(ns).build())) {
            awaitRows(ns.table(), 200);
            BatchNotification real = PipelineOutputs.notifications(ns.batches()).get(0);
            BatchNotification garbageTimes = new BatchNotification(real.batchId(), real.eventKey(), real.table(), real.bucket(),
                    real.key(), real.recordCount(), real.bytes(), real.sha256(), "garbage", real.maxOccurredAt(), real.sources(),
                    real.createdAt());
            EmbeddedServices.produce(ns.batches(), List.of(json(garbageTimes), json(copy(real, pendingId, real.key(), real.table()))));
            EmbeddedServices.produce(ns.events(), TestEvents.events(300, 1).subList(200, 300));
            awaitRows(ns.table(), 300);
            await().atMost(Duration.ofSeconds(60)).until(() -> TestPipelines.caughtUp(ns.loaderGroup(), ns.batches())
                    && EmbeddedServices.consumeAll(ns.dlq(), Duration.ofSeconds(1)).size() >= 2);
        }
        List<ConsumerRecord<byte[], byte[]>> deadLetters = EmbeddedServices.consumeAll(ns.dlq(), Duration.ofSeconds(3));
        assertThat(deadLetters).hasSize(2).allSatisfy(r -> assertThat(header(r, "dlq.stage")).isEqualTo("loader"));
        assertThat(deadLetters).anySatisfy(r -> assertThat(header(r, "dlq.reason")).contains("min_occurred_at"));
        assertThat(deadLetters).anySatisfy(r -> assertThat(header(r, "dlq.reason")).contains("batch_id does not match"));
        assertThat(Warehouse.rows(ns.table())).isEqualTo(300);
        assertThat(Warehouse.distinctIds(ns.table())).isEqualTo(300);
        assertThat(Warehouse.count("select count(*) from event_pipeline.loads where batch_id = '" + pendingId + "'")).isZero();
    }

    @Test
    void warehouseDownForThirtySecondsIsRetriedThenCaughtUpWithNothingLostOrDoubled() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(3);
        try (PipelineRuntime ignored = PipelineRuntime.start(TestPipelines.settings(ns).build())) {
            EmbeddedServices.produce(ns.events(), TestEvents.events(3_000, 3));
            awaitRows(ns.table(), 3_000);
            EmbeddedServices.stopPostgres();
            try {
                List<byte[]> more = new ArrayList<>();
                for (int i = 3_000; i < 6_000; i++) {
                    more.add(TestEvents.event(i, 3));
                }
                EmbeddedServices.produce(ns.events(), more);
                await().pollDelay(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(31)).until(() -> true);
            } finally {
                EmbeddedServices.startPostgres();
            }
            awaitRows(ns.table(), 6_000);
        }
        assertThat(Warehouse.rows(ns.table())).isEqualTo(6_000);
        assertThat(Warehouse.distinctIds(ns.table())).isEqualTo(6_000);
    }

    @Test
    void warehouseDownLongerThanMaxPollIntervalNeitherEvictsTheLoaderConsumerNorLosesAnything() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(3);
        // one notification per load cycle: every cycle is completed by size, at the moment the consumer routes it
        var settings = TestPipelines.settings(ns)
                .set(Setting.KAFKA_MAX_POLL_INTERVAL_MS, "6000")
                .set(Setting.LOAD_MAX_BATCHES, "1")
                .set(Setting.BATCH_MAX_AGE_MS, "1000")
                .build();
        try (PipelineRuntime runtime = PipelineRuntime.start(settings)) {
            EmbeddedServices.produce(ns.events(), TestEvents.events(3_000, 3));
            awaitRows(ns.table(), 3_000);
            assertThat(threadPoolProfiles(runtime)).contains(PipelineRuntime.LOAD_POOL, PipelineRuntime.BATCH_WRITER_POOL);
            Set<String> members = loaderMembers(ns);
            assertThat(members).hasSize(1);

            EmbeddedServices.stopPostgres();
            try {
                List<byte[]> more = new ArrayList<>();
                for (int i = 3_000; i < 6_000; i++) {
                    more.add(TestEvents.event(i, 3));
                }
                EmbeddedServices.produce(ns.events(), more);
                // over three max.poll.interval.ms with loads of new notifications retrying against a stopped warehouse
                await().pollDelay(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(21)).until(() -> true);
                assertThat(loaderMembers(ns)).as("loader group members while the warehouse is down").isEqualTo(members);
            } finally {
                EmbeddedServices.startPostgres();
            }
            awaitRows(ns.table(), 6_000);
            await().atMost(Duration.ofSeconds(60)).until(() -> TestPipelines.caughtUp(ns.loaderGroup(), ns.batches()));
            assertThat(loaderMembers(ns)).as("loader group members after the outage").isEqualTo(members);
        }
        assertThat(Warehouse.rows(ns.table())).isEqualTo(6_000);
        assertThat(Warehouse.distinctIds(ns.table())).isEqualTo(6_000);
    }

    /** The loader group's member ids: an evicted consumer rejoins under a new id. */
    private static Set<String> loaderMembers(Namespace ns) throws Exception {
        ConsumerGroupDescription group = EmbeddedServices.adminClient().describeConsumerGroups(List.of(ns.loaderGroup()))
                .describedGroups().get(ns.loaderGroup()).get();
        return group.members().stream().map(MemberDescription::consumerId).collect(Collectors.toSet());
    }

    /** The thread pool profiles of the context's managed thread pools (JMX type=threadpools). */
    private static Set<String> threadPoolProfiles(PipelineRuntime runtime) throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        Set<String> profiles = new HashSet<>();
        for (ObjectName name : jmx.queryNames(new ObjectName("org.apache.camel:type=threadpools,*"), null)) {
            if (runtime.camelContext().getName().equals(jmx.getAttribute(name, "CamelId"))) {
                Object profile = jmx.getAttribute(name, "ThreadPoolProfileId");
                if (profile != null) {
                    profiles.add(profile.toString());
                }
            }
        }
        return profiles;
    }

    private static void awaitRows(String table, long rows) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> Warehouse.rows(table) >= rows);
    }

    private static BatchNotification copy(BatchNotification n, String batchId, String key, String table) {
        return new BatchNotification(batchId, n.eventKey(), table, n.bucket(), key, n.recordCount(), n.bytes(), n.sha256(),
                n.minOccurredAt(), n.maxOccurredAt(), n.sources(), n.createdAt());
    }

    private static byte[] json(BatchNotification n) throws Exception {
        return PipelineOutputs.JSON.writeValueAsBytes(n);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
