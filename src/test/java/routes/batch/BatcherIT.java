package routes.batch;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import routes.PipelineRuntime;
import routes.config.Setting;
import routes.contract.BatchNotification;
import routes.testing.EmbeddedServices;
import routes.testing.PipelineOutputs;
import routes.testing.TestEvents;
import routes.testing.TestPipelines;
import routes.testing.TestPipelines.Namespace;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The batcher route on real Kafka and a real S3-compatible server (loader off). */
@ExtendWith(EmbeddedServices.class)
class BatcherIT {

    private static final int EVENTS = 50_000;
    private static final int KEYS = 30;

    @Test
    void everyEventLandsInExactlyOneObjectOfItsKeyAndOffsetsAreCommittedToTheEnd() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(6);
        EmbeddedServices.produce(ns.events(), TestEvents.events(EVENTS, KEYS));

        try (PipelineRuntime ignored = PipelineRuntime.start(TestPipelines.settings(ns)
                .set(Setting.ROLE_LOADER, "false").build())) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> TestPipelines.caughtUp(ns.batcherGroup(), ns.events()));
        }

        Map<String, List<JsonNode>> objects = PipelineOutputs.objects(ns.prefix());
        List<String> ids = new ArrayList<>();
        objects.forEach((key, lines) -> {
            Set<String> keysInObject = lines.stream().map(l -> l.get("event_key").asText()).collect(Collectors.toSet());
            assertThat(keysInObject).as("event keys in " + key).hasSize(1);
            assertThat(key).contains("event_key=" + keysInObject.iterator().next() + "/dt=2026-11-24/hour=15/");
            lines.forEach(l -> ids.add(l.get("event_id").asText()));
        });
        assertThat(ids).hasSize(EVENTS).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(expectedIds());

        List<BatchNotification> notifications = PipelineOutputs.notifications(ns.batches());
        assertThat(notifications).hasSize(objects.size());
        assertThat(notifications.stream().mapToLong(BatchNotification::recordCount).sum()).isEqualTo(EVENTS);
        assertThat(notifications).allSatisfy(n -> {
            assertThat(n.bucket()).isEqualTo(EmbeddedServices.bucket());
            assertThat(objects).containsKey(n.key());
            assertThat(objects.get(n.key())).hasSize((int) n.recordCount());
            assertThat(n.table()).isEqualTo(ns.table());
        });
    }

    @Test
    void noOriginalValueOfAMaskedOrHashedFieldLeavesTheBatcher() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(2);
        EmbeddedServices.produce(ns.events(), TestEvents.events(2_000, 5));

        try (PipelineRuntime ignored = PipelineRuntime.start(TestPipelines.settings(ns)
                .set(Setting.ROLE_LOADER, "false").build())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> PipelineOutputs.eventIds(ns.prefix()).size() == 2_000);
        }

        StringBuilder everything = new StringBuilder();
        for (String key : EmbeddedServices.listObjects(ns.prefix())) {
            EmbeddedServices.readGzipLines(key).forEach(everything::append);
        }
        for (ConsumerRecord<byte[], byte[]> record : EmbeddedServices.consumeAll(ns.batches(), Duration.ofSeconds(3))) {
            everything.append(new String(record.value(), StandardCharsets.UTF_8));
        }
        String written = everything.toString();
        assertThat(written).doesNotContain(TestEvents.SSN_PREFIX).doesNotContain(TestEvents.EMAIL_DOMAIN);
        assertThat(written).contains("\"ssn\":\"****\"");
    }

    @Test
    void badInputGoesToTheDeadLetterTopicWithItsReasonAndGoodEventsFlowOn() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(1);
        Map<String, byte[]> bad = HostileInputs.corpus();
        List<byte[]> input = new ArrayList<>();
        int good = 0;
        for (byte[] hostile : bad.values()) {
            input.add(TestEvents.event(good++, 3));
            input.add(hostile);
        }
        input.add(TestEvents.event(good++, 3));
        EmbeddedServices.produce(ns.events(), input);

        try (PipelineRuntime ignored = PipelineRuntime.start(TestPipelines.settings(ns)
                .set(Setting.ROLE_LOADER, "false").build())) {
            int expectedGood = good;
            await().atMost(Duration.ofSeconds(60)).until(() -> PipelineOutputs.eventIds(ns.prefix()).size() == expectedGood);
        }

        List<ConsumerRecord<byte[], byte[]>> deadLetters = EmbeddedServices.consumeAll(ns.dlq(), Duration.ofSeconds(3));
        assertThat(deadLetters).hasSize(bad.size());
        Map<String, String> reasonByPayload = deadLetters.stream().collect(Collectors.toMap(
                r -> new String(r.value(), StandardCharsets.ISO_8859_1),
                r -> header(r, "dlq.reason"), (a, b) -> a));
        bad.forEach((name, bytes) -> {
            String reason = reasonByPayload.get(new String(bytes, StandardCharsets.ISO_8859_1));
            assertThat(reason).as("dead letter for " + name).isNotNull().startsWith(HostileInputs.expectedReason(name));
        });
        assertThat(deadLetters).allSatisfy(r -> {
            assertThat(header(r, "dlq.stage")).isEqualTo("batcher");
            assertThat(header(r, "dlq.source.topic")).isEqualTo(ns.events());
            assertThat(header(r, "dlq.source.offset")).matches("\\d+");
        });
    }

    @Test
    void gracefulStopFlushesOpenBatchesAndCommitsTheirOffsets() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(3);
        EmbeddedServices.produce(ns.events(), TestEvents.events(3_000, 4));

        try (PipelineRuntime runtime = PipelineRuntime.start(TestPipelines.settings(ns)
                .set(Setting.ROLE_LOADER, "false")
                .set(Setting.BATCH_MAX_AGE_MS, "600000").build())) {
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    runtime.beans().metrics().total(routes.monitor.PipelineMetrics.EVENTS_CONSUMED) >= 3_000);
            assertThat(EmbeddedServices.listObjects(ns.prefix())).as("nothing written before the stop").isEmpty();
        }

        assertThat(PipelineOutputs.eventIds(ns.prefix())).hasSize(3_000).doesNotHaveDuplicates();
        assertThat(TestPipelines.caughtUp(ns.batcherGroup(), ns.events())).as("committed to the end").isTrue();
    }

    @Test
    void memoryBudgetCompletesTheLargestBatchesEarlyWithAThousandKeys() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(2);
        long budget = 512 * 1024;
        EmbeddedServices.produce(ns.events(), TestEvents.events(10_000, 1_000));

        long[] peak = {0};
        try (PipelineRuntime runtime = PipelineRuntime.start(TestPipelines.settings(ns)
                .set(Setting.ROLE_LOADER, "false")
                .set(Setting.BATCH_MAX_AGE_MS, "600000")
                // the lines' budget alone: the field observation of these events' five paths (about 0.9 KB per open
                // batch, counted in the budget too) would be the whole 512 KB at 1,000 keys, one event per object
                .set(Setting.FIELDS_MAX_PATHS, "0")
                .set(Setting.BATCH_MEMORY_BUDGET_BYTES, Long.toString(budget)).build())) {
            BatchMemoryBudget memory = runtime.beans().memoryBudget();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(5)).until(() -> {
                peak[0] = Math.max(peak[0], memory.bufferedBytes());
                return runtime.beans().metrics().total(routes.monitor.PipelineMetrics.EVENTS_CONSUMED) >= 10_000;
            });
            assertThat(EmbeddedServices.listObjects(ns.prefix()))
                    .as("batches written before any time or size trigger").isNotEmpty();
        }
        // bounded by the budget plus the in-flight writes of the writer pool and one event
        assertThat(peak[0]).isLessThan(budget + 64 * 1024);
        assertThat(PipelineOutputs.eventIds(ns.prefix())).hasSize(10_000).doesNotHaveDuplicates();
    }

    @Test
    void batchesOfKeysThatOpenTogetherAreWrittenAtTheirOwnAgeSpreadOverTheWindow() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(2);
        int keys = 30;
        long maxAge = 6_000;
        EmbeddedServices.produce(ns.events(), TestEvents.events(3_000, keys));

        Map<String, Long> appearedAt = new java.util.HashMap<>();
        long started = System.currentTimeMillis();
        long consumed;
        try (PipelineRuntime runtime = PipelineRuntime.start(TestPipelines.settings(ns)
                .set(Setting.ROLE_LOADER, "false")
                .set(Setting.BATCH_MAX_AGE_MS, Long.toString(maxAge))
                .set(Setting.BATCH_AGE_CHECK_INTERVAL_MS, "50").build())) {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    runtime.beans().metrics().total(routes.monitor.PipelineMetrics.EVENTS_CONSUMED) >= 3_000);
            consumed = System.currentTimeMillis(); // every key's group opened by now, all within this span
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                long now = System.currentTimeMillis();
                // (the S3 server lists an upload in progress under a temporary name: only finished objects count)
                EmbeddedServices.listObjects(ns.prefix()).stream().filter(key -> key.endsWith(".ndjson.gz"))
                        .forEach(key -> appearedAt.putIfAbsent(key, now));
                return appearedAt.size() >= keys;
            });
        }

        assertThat(appearedAt).as("one object per key, each due by age alone").hasSize(keys);
        long first = appearedAt.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = appearedAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(first - started).as("no batch written before half its max age").isGreaterThanOrEqualTo(maxAge / 2);
        assertThat(last - consumed).as("no batch written after its max age (plus checks, writes and polls)")
                .isLessThanOrEqualTo(maxAge + 2_000);
        // one global tick would write all 30 within the few hundred ms that 4 writers take for them
        assertThat(last - first).as("keys opened together, written spread over the window").isGreaterThan(maxAge / 4);
    }

    private static Set<String> expectedIds() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < EVENTS; i++) {
            ids.add(TestEvents.id(i));
        }
        return ids;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
