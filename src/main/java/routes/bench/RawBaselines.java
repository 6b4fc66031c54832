package routes.bench;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import routes.batch.LeveledGzip;
import routes.PipelineBeans;
import routes.batch.AdmissionVerdict;
import routes.batch.EventAdmission;
import routes.config.PipelineSettings;
import routes.s3.S3Clients;
import routes.config.S3Settings;
import routes.config.Setting;
import routes.contract.SqlIdentifier;
import routes.load.WarehouseSchema;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;

/**
 * Each stage alone, with the library the pipeline uses for it and on the same events: Kafka produce and
 * consume (kafka-clients), admission ({@link EventAdmission}, the same object the batcher calls), gzip at
 * the configured level, S3 PUTs of the sizes the batcher wrote, PostgreSQL {@code COPY FROM STDIN} into the
 * target table's shape. Events are generated in chunks outside the timed part. Every stage stops at the
 * phase bound and reports what it did.
 */
final class RawBaselines {

    private final BenchEnvironment env;
    private final BenchPlan plan;

    RawBaselines(BenchEnvironment env) {
        this.env = env;
        this.plan = env.plan();
    }

    /** Producer settings of the apps (and of {@code local}'s generator). */
    static Map<String, Object> producerConfig(String bootstrap) {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    }

    /** Publishes {@code count} events; the timed part is send + flush of each chunk. */
    StageResult produce(String topic, long count, String name) {
        ResourceSampler sampler = ResourceSampler.start();
        BenchEvents events = new BenchEvents(plan, count);
        long timed = 0;
        long sent = 0;
        long bytes = 0;
        long deadline = deadline();
        AtomicLong failed = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(env.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (BenchEvents.Chunk chunk = events.next(BenchPlan.CHUNK); chunk.size() > 0; chunk = events.next(BenchPlan.CHUNK)) {
                long start = System.nanoTime();
                for (int i = 0; i < chunk.size(); i++) {
                    producer.send(new ProducerRecord<>(topic, chunk.keys().get(i), chunk.values().get(i)),
                            (metadata, error) -> {
                                if (error != null) {
                                    failed.incrementAndGet();
                                }
                            });
                }
                producer.flush();
                timed += System.nanoTime() - start;
                sent += chunk.size();
                bytes += chunk.bytes();
                if (System.nanoTime() > deadline) {
                    break;
                }
            }
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + sent + " events were not acknowledged by Kafka");
        }
        return StageResult.of("raw", name, sent, bytes, timed / 1e9, sampler.stop(),
                "KafkaProducer acks=all idempotent lz4 linger 5 ms, send+flush per 50k");
    }

    /** Reads the whole topic from the beginning with a plain consumer (no group, no commits). */
    StageResult consume(String topic, long expected) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        ResourceSampler sampler = ResourceSampler.start();
        long read = 0;
        long bytes = 0;
        long start;
        long deadline = deadline();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            start = System.nanoTime();
            while (read < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    read++;
                    bytes += r.value().length;
                }
            }
        }
        return StageResult.of("raw", "kafka consume", read, bytes, (System.nanoTime() - start) / 1e9, sampler.stop(),
                "KafkaConsumer, assign + seekToBeginning, max.poll.records 2000");
    }

    /** AdmissionVerdict alone, then gzip alone of its output grouped by event key; two results. */
    List<StageResult> admitAndGzip(PipelineSettings settings) throws IOException {
        EventAdmission admission = PipelineBeans.eventAdmission(settings);
        int level = settings.getInt(Setting.BATCH_GZIP_LEVEL);
        ResourceSampler sampler = ResourceSampler.start();
        BenchEvents events = new BenchEvents(plan, plan.events());
        long admitNanos = 0;
        long gzipNanos = 0;
        long admitted = 0;
        long inBytes = 0;
        long accepted = 0;
        long ndjsonBytes = 0;
        CountingStream gzipOut = new CountingStream();
        long deadline = deadline();
        long offset = 0;
        for (BenchEvents.Chunk chunk = events.next(BenchPlan.CHUNK); chunk.size() > 0; chunk = events.next(BenchPlan.CHUNK)) {
            List<AdmissionVerdict> verdicts = new ArrayList<>(chunk.size());
            long start = System.nanoTime();
            for (byte[] value : chunk.values()) {
                verdicts.add(admission.admit(value, BenchEnvironment.EVENTS, 0, offset++, System.currentTimeMillis()));
            }
            admitNanos += System.nanoTime() - start;
            admitted += chunk.size();
            inBytes += chunk.bytes();
            Map<String, List<byte[]>> byKey = new LinkedHashMap<>();
            for (AdmissionVerdict v : verdicts) {
                if (v instanceof AdmissionVerdict.Accepted a) {
                    byKey.computeIfAbsent(a.eventKey(), k -> new ArrayList<>()).add(a.json());
                    accepted++;
                    ndjsonBytes += a.json().length + 1;
                }
            }
            start = System.nanoTime();
            for (List<byte[]> lines : byKey.values()) {
                try (OutputStream gz = new LeveledGzip(gzipOut, level)) {
                    for (byte[] line : lines) {
                        gz.write(line);
                        gz.write('\n');
                    }
                }
            }
            gzipNanos += System.nanoTime() - start;
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        ResourceSampler.Sample sample = sampler.stop();
        return List.of(
                StageResult.of("raw", "parse+sanitize", admitted, inBytes, admitNanos / 1e9, sample,
                        "EventAdmission.admit, one thread (CPU/memory: admission and gzip together)"),
                StageResult.of("raw", "gzip", accepted, ndjsonBytes, gzipNanos / 1e9, sample,
                        String.format("GZIPOutputStream level %d, 64 KiB buffer, one stream per key per 50k events; %,d bytes out",
                                level, gzipOut.count)));
    }

    /**
     * PUTs as many objects, of the same sizes, as the batcher wrote under {@code prefix}, with as many
     * threads as the batcher's writer pool; events/s counts each object as the batcher's mean events per object.
     */
    StageResult s3Put(PipelineSettings settings, String prefix, long pipelineEvents) throws Exception {
        String bucket = settings.get(Setting.S3_BUCKET);
        int threads = settings.getInt(Setting.BATCH_WRITER_THREADS);
        try (S3Client s3 = S3Clients.create(S3Settings.of(settings))) {
            List<Long> sizes = s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                    .map(S3Object::size).toList();
            if (sizes.isEmpty()) {
                return new StageResult("raw", "s3 put", 0, 0, 0, 0, 0, 0, 0, 0, "no batch objects to mimic");
            }
            double eventsPerObject = (double) pipelineEvents / sizes.size();
            byte[] noise = new byte[(int) Math.min(Integer.MAX_VALUE - 8, sizes.stream().mapToLong(Long::longValue).max().orElse(0))];
            new SplittableRandom(plan.seed()).nextBytes(noise);
            ResourceSampler sampler = ResourceSampler.start();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            AtomicLong put = new AtomicLong();
            AtomicLong bytes = new AtomicLong();
            long deadline = deadline();
            long start = System.nanoTime();
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < sizes.size(); i++) {
                    int n = i;
                    done.add(pool.submit(() -> {
                        if (System.nanoTime() > deadline) {
                            return;
                        }
                        int size = sizes.get(n).intValue();
                        s3.putObject(PutObjectRequest.builder().bucket(bucket).key("bench/raw-s3/" + n + ".ndjson.gz")
                                .contentType("application/x-ndjson").contentEncoding("gzip").contentLength((long) size).build(),
                                RequestBody.fromBytes(java.util.Arrays.copyOf(noise, size)));
                        put.incrementAndGet();
                        bytes.addAndGet(size);
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return StageResult.of("raw", "s3 put", Math.round(put.get() * eventsPerObject), bytes.get(), seconds,
                    sampler.stop(), String.format("%,d PUTs of the batcher's object sizes (mean %,.0f bytes, %.0f events each), %d threads",
                            put.get(), sizes.stream().mapToLong(Long::longValue).average().orElse(0), eventsPerObject, threads));
        }
    }

    /** COPY FROM STDIN (CSV, as the loader writes it) of the admitted rows into a table of the target's shape. */
    StageResult copy(PipelineSettings settings) throws Exception {
        EventAdmission admission = PipelineBeans.eventAdmission(settings);
        SqlIdentifier table = SqlIdentifier.of(BenchEnvironment.table("rawcopy"));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(env.jdbcUrl(),
                settings.get(Setting.WAREHOUSE_USER), settings.secret(Setting.WAREHOUSE_PASSWORD))) {
            try (java.sql.Statement st = c.createStatement()) {
                for (String sql : WarehouseSchema.statements(c, routes.contract.Warehouse.POSTGRESQL, List.of(table))) {
                    st.execute(sql);
                }
            }
            org.postgresql.copy.CopyManager copy = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
            String sql = "COPY " + table.sql() + " (batch_id, event_id, event_key, occurred_at, loaded_at, payload)"
                    + " FROM STDIN WITH (FORMAT csv)";
            ResourceSampler sampler = ResourceSampler.start();
            BenchEvents events = new BenchEvents(plan, plan.events());
            long timed = 0;
            long rows = 0;
            long bytes = 0;
            long deadline = deadline();
            int batch = 0;
            for (BenchEvents.Chunk chunk = events.next(BenchPlan.CHUNK); chunk.size() > 0; chunk = events.next(BenchPlan.CHUNK)) {
                CsvRows csv = new CsvRows("bench-copy-" + batch++, Instant.now().toString());
                for (byte[] value : chunk.values()) {
                    if (admission.admit(value, "bench", 0, rows, System.currentTimeMillis()) instanceof AdmissionVerdict.Accepted a) {
                        csv.add(a);
                    }
                }
                long start = System.nanoTime();
                org.postgresql.copy.CopyIn in = copy.copyIn(sql);
                byte[] data = csv.bytes();
                for (int from = 0; from < csv.size(); from += 256 * 1024) {
                    in.writeToCopy(data, from, Math.min(256 * 1024, csv.size() - from));
                }
                in.endCopy();
                timed += System.nanoTime() - start;
                rows += csv.rows();
                bytes += csv.size();
                if (System.nanoTime() > deadline) {
                    break;
                }
            }
            return StageResult.of("raw", BenchReport.RAW_POSTGRES_COPY, rows, bytes, timed / 1e9, sampler.stop(),
                    "COPY FROM STDIN csv, one statement per 50k events, into the target shape (2 indexes)");
        }
    }

    private long deadline() {
        return System.nanoTime() + plan.phaseTimeout().toNanos() / 2;
    }

    /** gzip output that is only counted. */
    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }

        @Override
        public void close() {
            // shared by many gzip streams
        }
    }

    /** CSV rows as the loader's stager writes them (every field quoted, {@code "} doubled). */
    private static final class CsvRows {
        private final byte[] batchId;
        private final byte[] loadedAt;
        private byte[] buf = new byte[1 << 20];
        private int len;
        private long rows;

        CsvRows(String batchId, String loadedAt) {
            this.batchId = batchId.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            this.loadedAt = loadedAt.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }

        void add(AdmissionVerdict.Accepted a) {
            quoted(batchId);
            comma();
            quoted(a.eventId().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            comma();
            quoted(a.eventKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            comma();
            quoted(a.occurredAt().toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            comma();
            quoted(loadedAt);
            comma();
            quoted(a.json());
            ensure(1);
            buf[len++] = '\n';
            rows++;
        }

        private void comma() {
            ensure(1);
            buf[len++] = ',';
        }

        private void quoted(byte[] bytes) {
            ensure(2 * bytes.length + 2);
            buf[len++] = '"';
            for (byte c : bytes) {
                if (c == '"') {
                    buf[len++] = '"';
                }
                buf[len++] = c;
            }
            buf[len++] = '"';
        }

        private void ensure(int extra) {
            if (len + extra > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
            }
        }

        byte[] bytes() {
            return buf;
        }

        int size() {
            return len;
        }

        long rows() {
            return rows;
        }
    }
}
