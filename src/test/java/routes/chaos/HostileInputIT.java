package routes.chaos;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import routes.PipelineRuntime;
import routes.batch.EventSizeLimits;
import routes.batch.BatchMemoryBudget;
import routes.config.Setting;
import routes.contract.BatchNotification;
import routes.contract.DlqHeaders;
import routes.batch.HostileInputs;
import routes.monitor.PipelineMetrics;
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
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile input end to end (batcher and loader in one runtime, real Kafka, S3 server, PostgreSQL): every bad
 * event and every forged notification is dead-lettered with its reason, nothing outside the configured
 * bucket and prefix is read, no SQL comes from a message, and every good event arrives in the table.
 */
@Tag("chaos")
@ExtendWith(EmbeddedServices.class)
class HostileInputIT {

    private static final int MAX_BYTES = EventSizeLimits.DEFAULT_MAX_BYTES;
    private static final String OCCURRED = "\"occurred_at\":\"2026-11-24T10:00:00Z\"";

    /** Bad events beyond the batcher issue's corpus: name → bytes; the reason each must get is in {@link #reason}. */
    private static Map<String, byte[]> moreBadEvents() {
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("1 byte over the size limit", sized("over-1", MAX_BYTES + 1));
        bad.put("duplicate nested key", utf8("{\"event_id\":\"dup-1\",\"event_key\":\"hostile.dup\"," + OCCURRED
                + ",\"data\":{\"x\":1,\"x\":2}}"));
        bad.put("duplicate event_id field", utf8("{\"event_id\":\"dup-2\",\"event_key\":\"hostile.dup\"," + OCCURRED
                + ",\"event_id\":\"dup-3\"}"));
        bad.put("escaped NUL in a value", utf8("{\"event_id\":\"nul-1\",\"event_key\":\"hostile.nul\"," + OCCURRED
                + ",\"data\":{\"v\":\"a\\u0000b\"}}"));
        bad.put("escaped NUL in a field name", utf8("{\"event_id\":\"nul-2\",\"event_key\":\"hostile.nul\"," + OCCURRED
                + ",\"data\":{\"\\u0000k\":1}}"));
        bad.put("lone surrogate", utf8("{\"event_id\":\"sur-1\",\"event_key\":\"hostile.sur\"," + OCCURRED
                + ",\"data\":{\"v\":\"\\ud800\"}}"));
        bad.put("emoji in the event key", utf8("{\"event_id\":\"emo-1\",\"event_key\":\"hostile.\uD83D\uDE00\"," + OCCURRED + "}"));
        return bad;
    }

    private static String reason(String name) {
        return switch (name) {
            case "1 byte over the size limit" -> "too_large";
            case "duplicate nested key", "duplicate event_id field" -> "duplicate_field";
            case "escaped NUL in a value", "escaped NUL in a field name", "lone surrogate" -> "unsupported_character";
            case "emoji in the event key" -> "invalid_event_key";
            default -> HostileInputs.expectedReason(name);
        };
    }

    /** Odd but valid events: each must arrive, by id. */
    private static Map<String, byte[]> oddGoodEvents() {
        Map<String, byte[]> good = new LinkedHashMap<>();
        good.put("odd-under", sized("odd-under", MAX_BYTES - 1));
        good.put("odd-unicode", utf8("{\"event_id\":\"odd-unicode\",\"event_key\":\"hostile.unicode\"," + OCCURRED
                + ",\"data\":{\"\uD83D\uDE00 ключ\":\"שלום עולם \uD83D\uDE00 \u202Eabc\",\"\u05E9\u05DD\":\"\u0627\u0644\u0639\u0631\u0628\u064A\u0629\"}}"));
        good.put("odd-numbers", utf8("{\"event_id\":\"odd-numbers\",\"event_key\":\"hostile.numbers\"," + OCCURRED
                + ",\"data\":{\"big\":1e400,\"neg_zero\":-0,\"neg_zero_f\":-0.0}}"));
        good.put("odd-year-1", utf8("{\"event_id\":\"odd-year-1\",\"event_key\":\"hostile.time\",\"occurred_at\":\"0001-01-01T00:00:00Z\"}"));
        good.put("odd-year-9999", utf8("{\"event_id\":\"odd-year-9999\",\"event_key\":\"hostile.time\",\"occurred_at\":\"9999-12-31T23:59:59.999Z\"}"));
        return good;
    }

    @Test
    void hostileEventsAreDeadLetteredWithTheirReasonAndEveryGoodEventArrives() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(3);
        Map<String, byte[]> bad = new LinkedHashMap<>(HostileInputs.corpus());
        bad.putAll(moreBadEvents());
        Map<String, byte[]> oddGood = oddGoodEvents();
        List<byte[]> input = new ArrayList<>();
        int plain = 0;
        for (byte[] hostile : bad.values()) {
            input.add(TestEvents.event(plain++, 3));
            input.add(hostile);
        }
        input.addAll(oddGood.values());
        EmbeddedServices.produce(ns.events(), input);
        int goodTotal = plain + oddGood.size();

        try (PipelineRuntime ignored = PipelineRuntime.start(TestPipelines.settings(ns).build())) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Warehouse.rows(ns.table()) >= goodTotal && TestPipelines.caughtUp(ns.loaderGroup(), ns.batches()));
        }

        List<ConsumerRecord<byte[], byte[]>> deadLetters = EmbeddedServices.consumeAll(ns.dlq(), Duration.ofSeconds(10));
        assertThat(deadLetters).hasSize(bad.size());
        Map<String, String> reasonByPayload = new LinkedHashMap<>();
        deadLetters.forEach(r -> reasonByPayload.put(new String(r.value(), StandardCharsets.ISO_8859_1), header(r, "dlq.reason")));
        bad.forEach((name, bytes) -> assertThat(reasonByPayload.get(new String(bytes, StandardCharsets.ISO_8859_1)))
                .as("dead letter (original bytes) for " + name).isNotNull().startsWith(reason(name)));
        assertThat(deadLetters).allSatisfy(r -> assertThat(header(r, "dlq.stage")).isEqualTo("batcher"));

        assertThat(Warehouse.rows(ns.table())).isEqualTo(goodTotal);
        assertThat(Warehouse.distinctIds(ns.table())).isEqualTo(goodTotal);
        for (String id : oddGood.keySet()) {
            assertThat(Warehouse.count("select count(*) from " + ns.table() + " where event_id = '" + id + "'")).as(id).isEqualTo(1);
        }
        String t = ns.table();
        assertThat(Warehouse.count("select count(*) from " + t + " where event_id = 'odd-unicode'"
                + " and payload->'data'->>'\uD83D\uDE00 ключ' = 'שלום עולם \uD83D\uDE00 \u202Eabc'")).as("unicode kept").isEqualTo(1);
        assertThat(Warehouse.count("select count(*) from " + t + " where event_id = 'odd-numbers'"
                + " and (payload->'data'->>'big')::numeric = 1e400 and (payload->'data'->>'neg_zero')::numeric = 0")).isEqualTo(1);
        assertThat(Warehouse.count("select count(*) from " + t + " where event_id = 'odd-year-1'"
                + " and occurred_at = timestamptz '0001-01-01 00:00:00+00'")).isEqualTo(1);
        assertThat(Warehouse.count("select count(*) from " + t + " where event_id = 'odd-year-9999'"
                + " and occurred_at = timestamptz '9999-12-31 23:59:59.999+00'")).isEqualTo(1);
        assertThat(Warehouse.count("select count(*) from " + t + " where event_id = 'odd-under'"
                + " and length(payload->'data'->>'pad') > 1000000")).isEqualTo(1);
    }

    /**
     * Edge events (HostileInputs#edgeEvents), each published with nine good neighbours of its group's key in the same
     * window: every neighbour loads exactly once, and each edge event loads (once, as its rule says) or is
     * dead-lettered alone, by the batcher, with its reason. Before issue 29 a key with '..' or a time out of range
     * once in UTC failed its batch, neighbours and all.
     */
    @Test
    void edgeEventsLoadOrAreDeadLetteredAloneAndEveryGoodNeighbourLoadsOnce() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(1);
        List<HostileInputs.EdgeEvent> edges = HostileInputs.edgeEvents(ns.events(), ns.dlq());
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        List<String> neighbourIds = new ArrayList<>();
        for (int g = 0; g < edges.size(); g++) {
            HostileInputs.EdgeEvent edge = edges.get(g);
            for (int j = 0; j < 9; j++) {
                String id = edge.idlessNeighbours() ? null : "nb-" + g + "-" + j;
                // one partition, produced in order: the record's offset is its index (the first group relies on it)
                neighbourIds.add(id != null ? id : "~" + ns.events() + "-0-" + records.size());
                records.add(record(ns.events(), HostileInputs.neighbour(id, edge.groupKey()), HostileInputs.KAFKA_MILLIS, null));
            }
            for (int c = 0; c < edge.copies(); c++) {
                records.add(record(ns.events(), edge.bytes(), edge.kafkaMillis(), edge.redrivenFrom()));
            }
        }
        send(records);
        List<HostileInputs.EdgeEvent> loaded = edges.stream().filter(e -> e.reason() == null).toList();
        List<HostileInputs.EdgeEvent> refused = edges.stream().filter(e -> e.reason() != null).toList();
        long expectedRows = neighbourIds.size() + loaded.size();

        try (PipelineRuntime ignored = PipelineRuntime.start(TestPipelines.settings(ns).build())) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Warehouse.rows(ns.table()) >= expectedRows && TestPipelines.caughtUp(ns.loaderGroup(), ns.batches())
                            && TestPipelines.caughtUp(ns.batcherGroup(), ns.events()));
        }

        String t = ns.table();
        for (String id : neighbourIds) {
            assertThat(Warehouse.count("select count(*) from " + t + " where event_id = '" + id + "'")).as("neighbour " + id).isEqualTo(1);
        }
        for (HostileInputs.EdgeEvent edge : loaded) {
            String row = "select count(*) from " + t + " where event_id = '" + edge.loadedId().replace("'", "''") + "'";
            assertThat(Warehouse.count(row)).as(edge.name()).isEqualTo(1);
            if (edge.rowCheck() != null) {
                assertThat(Warehouse.count(row + " and " + edge.rowCheck())).as(edge.name() + ": " + edge.rowCheck()).isEqualTo(1);
            }
        }
        assertThat(Warehouse.rows(t)).isEqualTo(expectedRows);

        List<ConsumerRecord<byte[], byte[]>> deadLetters = EmbeddedServices.consumeAll(ns.dlq(), Duration.ofSeconds(5));
        assertThat(deadLetters).as("only the refused edge events, each alone").hasSize(refused.size())
                .allSatisfy(r -> assertThat(header(r, "dlq.stage")).isEqualTo("batcher"));
        for (HostileInputs.EdgeEvent edge : refused) {
            assertThat(deadLetters).as(edge.name()).filteredOn(r -> Arrays.equals(r.value(), edge.bytes())).singleElement()
                    .satisfies(r -> assertThat(header(r, "dlq.reason")).startsWith(edge.reason() + ":"));
        }
    }

    /**
     * The bound asserted: objects ≤ keys × (2 + ⌈input bytes / budget⌉), and objects hold several events on
     * average. Each early completion writes the oldest open groups as one cohort, down to three quarters of
     * the budget, so the groups left open have room to fill; the time trigger (one window longer than the
     * burst takes to consume) adds at most two objects per key. Buffered bytes never exceed the
     * budget plus the writer pool's in-flight batches. Everything is written by the time trigger while the
     * batcher runs, so the stop has nothing open.
     */
    @Test
    void tenThousandKeysInOneBurstStayWithinTheMemoryBudgetWithoutAnObjectPerEvent() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(2);
        int keys = 10_000;
        int events = 50_000;
        long budget = 8L << 20; // about 60 % of the sanitized burst (13.6 MB): early completions are needed
        List<byte[]> burst = TestEvents.events(events, keys);
        long inputBytes = burst.stream().mapToLong(b -> b.length).sum();
        EmbeddedServices.produce(ns.events(), burst);

        long[] peak = {0};
        var settings = TestPipelines.settings(ns)
                .set(Setting.ROLE_LOADER, "false")
                .set(Setting.BATCH_MAX_AGE_MS, "30000")
                .set(Setting.BATCH_WRITER_THREADS, "8")
                // The bound below counts event lines only. Each open batch's field observation (~0.9 KB for these
                // events' paths, counted by the budget: EventBatchAggregationTest) would alone take more than this
                // budget's 840 bytes per key, so with it on every batch is written nearly at once.
                .set(Setting.FIELDS_MAX_PATHS, "0")
                .set(Setting.BATCH_MEMORY_BUDGET_BYTES, Long.toString(budget)).build();
        try (PipelineRuntime runtime = PipelineRuntime.start(settings)) {
            BatchMemoryBudget memory = runtime.beans().memoryBudget();
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(5)).until(() -> {
                peak[0] = Math.max(peak[0], memory.bufferedBytes());
                return TestPipelines.caughtUp(ns.batcherGroup(), ns.events());
            });
        }
        List<String> objects = EmbeddedServices.listObjects(ns.prefix());
        long bound = keys * (2 + (inputBytes + budget - 1) / budget);
        System.out.printf("HOSTILE 10k keys: events=%d input_bytes=%d budget=%d objects=%d bound=%d peak_buffered=%d%n",
                events, inputBytes, budget, objects.size(), bound, peak[0]);
        assertThat(objects.size()).as("objects written").isLessThanOrEqualTo((int) bound);
        // Early completions take the oldest cohort, not one nearly empty group at a time. The budget holds about
        // 3 events per key and each key gets 5, so about 3 per object is the most this burst allows. Measured: 2.64
        // and 3.24 on an idle machine, 2.20 in a CI run sharing its two cores (timing decides how full a cohort is).
        // The floor is what tells this apart from an object per event (1.0), the failure it guards against.
        assertThat((double) events / objects.size()).as("events per object").isGreaterThanOrEqualTo(1.6);
        assertThat(peak[0]).as("peak buffered bytes").isLessThan(budget + (1 << 20));
        assertThat(new java.util.HashSet<>(PipelineOutputs.eventIds(ns.prefix()))).hasSize(events);
    }

    @Test
    void forgedNotificationsAreRefusedWithAReasonAndNothingOutsideThePrefixIsRead() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(1);
        EmbeddedServices.produce(ns.events(), TestEvents.events(500, 2));
        String elsewhere = ns.id() + "-elsewhere";
        EmbeddedServices.s3Client().createBucket(b -> b.bucket(elsewhere));
        Map<String, BatchNotification> forged = new LinkedHashMap<>(); // expected reason fragment → notification
        try (PipelineRuntime ignored = PipelineRuntime.start(TestPipelines.settings(ns).build())) {
            await().atMost(Duration.ofSeconds(90)).until(() -> Warehouse.rows(ns.table()) >= 500);
            BatchNotification real = PipelineOutputs.notifications(ns.batches()).get(0);
            String tail = real.key().substring(ns.prefix().length());
            // Real, loadable objects with ids that must never reach the table, outside the prefix and bucket.
            byte[] forgedObject = gzip("{\"event_id\":\"forged-1\",\"event_key\":\"" + real.eventKey() + "\","
                    + OCCURRED + "}\n");
            String outside = "private/" + tail;
            put(EmbeddedServices.bucket(), outside, forgedObject);
            put(elsewhere, real.key(), forgedObject);
            String sha = sha256(forgedObject);
            forged.put("bucket", forge(real, "forged-b1", real.eventKey(), real.table(), elsewhere, real.key(), sha, forgedObject));
            forged.put("prefix", forge(real, "forged-b2", real.eventKey(), real.table(), real.bucket(), outside, sha, forgedObject));
            forged.put("'..'", forge(real, "forged-b3", real.eventKey(), real.table(), real.bucket(),
                    ns.prefix() + "../private/" + tail, sha, forgedObject));
            // a forged batch id in the key too, so each is refused for the field it forges (the key's id must match)
            forged.put("configured", forge(real, "forged-b4", real.eventKey(), "public.not_configured", real.bucket(),
                    real.key().replace(real.batchId(), "forged-b4"), real.sha256(), null));
            forged.put("table is not a valid", forge(real, "forged-b5", real.eventKey(), "public.events; DROP TABLE "
                    + ns.table(), real.bucket(), real.key().replace(real.batchId(), "forged-b5"), real.sha256(), null));
            forged.put("batch_id", forge(real, "x'); DELETE FROM event_pipeline.loads; --", real.eventKey(), real.table(),
                    real.bucket(), real.key(), real.sha256(), null));
            forged.put("event_key", forge(real, "forged-b7", "a' OR '1'='1", real.table(), real.bucket(), real.key(),
                    real.sha256(), null));
            forged.put("sha256", forge(real, "forged-b8", real.eventKey(), real.table(), real.bucket(),
                    real.key().replace(real.batchId(), "forged-b8"), "'; DROP TABLE " + ns.table() + "; --", null));
            forged.put("the key's batch id", forge(real, "forged-b9", real.eventKey(), real.table(), real.bucket(), real.key(),
                    real.sha256(), null));
            List<byte[]> messages = new ArrayList<>();
            for (BatchNotification n : forged.values()) {
                messages.add(PipelineOutputs.JSON.writeValueAsBytes(n));
            }
            EmbeddedServices.produce(ns.batches(), messages);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    EmbeddedServices.consumeAll(ns.dlq(), Duration.ofSeconds(5)).size() >= forged.size()
                            && TestPipelines.caughtUp(ns.loaderGroup(), ns.batches()));
        }
        List<ConsumerRecord<byte[], byte[]>> deadLetters = EmbeddedServices.consumeAll(ns.dlq(), Duration.ofSeconds(5));
        assertThat(deadLetters).hasSize(forged.size()).allSatisfy(r -> {
            assertThat(header(r, "dlq.stage")).isEqualTo("loader");
            assertThat(header(r, "dlq.reason")).isNotBlank();
        });
        List<String> reasons = deadLetters.stream().map(r -> header(r, "dlq.reason")).toList();
        for (String expected : forged.keySet()) {
            assertThat(reasons).as("a refusal naming " + expected).anyMatch(r -> r.contains(expected));
        }
        assertThat(Warehouse.rows(ns.table())).as("table intact, nothing forged loaded").isEqualTo(500);
        assertThat(Warehouse.count("select count(*) from " + ns.table() + " where event_id like 'forged%'")).isZero();
        assertThat(Warehouse.count("select count(*) from event_pipeline.loads where batch_id like 'forged%' or batch_id like 'x%'")).isZero();
    }

    /** An event of exactly {@code size} UTF-8 bytes: the padding field is sized to fit. */
    private static byte[] sized(String id, int size) {
        String head = "{\"event_id\":\"" + id + "\",\"event_key\":\"hostile.size\"," + OCCURRED + ",\"data\":{\"pad\":\"";
        String tail = "\"}}";
        byte[] bytes = utf8(head + "x".repeat(size - head.length() - tail.length()) + tail);
        assertThat(bytes).hasSize(size);
        return bytes;
    }

    private static BatchNotification forge(BatchNotification real, String batchId, String eventKey, String table, String bucket,
                                           String key, String sha256, byte[] object) {
        long bytes = object == null ? real.bytes() : object.length;
        long count = object == null ? real.recordCount() : 1;
        return new BatchNotification(batchId, eventKey, table, bucket, key, count, bytes, sha256, real.minOccurredAt(),
                real.maxOccurredAt(), real.sources(), real.createdAt());
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, byte[] value, long timestamp, String redrivenFrom) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, 0, timestamp, null, value);
        if (redrivenFrom != null) {
            record.headers().add(DlqHeaders.REDRIVEN_FROM, redrivenFrom.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    /** In order, one at a time in flight, so offsets follow the list. */
    private static void send(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedServices.kafkaBootstrapServers(),
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1, ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> record : records) {
                sent.add(producer.send(record));
            }
            producer.flush();
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        }
    }

    private static void put(String bucket, String key, byte[] bytes) {
        EmbeddedServices.s3Client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(utf8(text));
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
