package routes.operate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import routes.config.Setting;
import routes.contract.BatchNotification;
import routes.contract.ObjectKeyLayout;
import routes.contract.GlobPattern;
import routes.config.PipelineSettings;
import routes.load.NotificationValidator;
import routes.monitor.NamedThreads;
import routes.contract.SqlIdentifier;
import routes.contract.TableRouting;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Replays batch objects from S3 by publishing their notifications to topic B again. Publishing (rather than
 * loading here) reuses the loader's whole exactly-once path: its validation, the lock, the ledger skip, the
 * dedupe by {@code event_id}, the dead-letter isolation, metrics and logs; a replay is just more input.
 *
 * <p>The notification is rebuilt from the object key (event key, hour) and the metadata the batcher writes
 * with every object ({@code record-count}, {@code batch-id}, {@code sha256}); the loader still verifies the
 * checksum when it reads the object. {@code min/max_occurred_at} are the key's hour (the batcher's exact
 * values are not in the metadata). Batches already in the ledger are not published (the loader would skip
 * them); with {@code forgetLedger} their ledger rows are deleted first, in one transaction, and they are
 * published: the loader then inserts only the event ids missing from the table, so forgetting more than was
 * deleted never doubles a row.
 *
 * <p>The window is of key hours, {@code [hour(from) - 1 h, to)}: a batch is filed under its first event's
 * hour, so the hour before {@code from} is included for batches that started just before it.
 */
public final class Replay {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LEAD = Duration.ofHours(1);
    /** Within the S3 client's 32 connections (S3Clients), leaving room for the listing's. */
    private static final int HEAD_THREADS = 16;

    public record Options(Instant from, Instant to, String keyGlob, String table, boolean dryRun, boolean forgetLedger) {
        public Options {
            if (from == null || to == null || !from.isBefore(to)) {
                throw new IllegalArgumentException("--from and --to are required and --from must be before --to");
            }
        }
    }

    /** Counts of one replay (in a dry run, {@code published} is what would be); never event content. */
    public record Summary(long selected, long records, long inLedger, long forgotten, long published,
                          long refused, long failed, boolean dryRun) {
        public boolean ok() {
            return refused == 0 && failed == 0;
        }
    }

    private final PipelineSettings settings;
    private final S3Client s3;
    private final Clock clock;

    public Replay(PipelineSettings settings, S3Client s3, Clock clock) {
        this.settings = settings;
        this.s3 = s3;
        this.clock = clock;
    }

    /** Runs the replay, showing each phase on {@code progress} (finished by the caller). */
    public Summary run(Options options, Progress progress) throws SQLException {
        String bucket = settings.get(Setting.S3_BUCKET);
        ObjectKeyLayout layout = new ObjectKeyLayout(settings.get(Setting.S3_PREFIX));
        TableRouting routing = TableRouting.parse(settings.get(Setting.WAREHOUSE_TABLES));
        NotificationValidator validator = new NotificationValidator(bucket, layout, routing);
        GlobPattern glob = options.keyGlob() == null ? null : GlobPattern.compile(options.keyGlob());
        SqlIdentifier table = options.table() == null ? null : SqlIdentifier.of(options.table());

        List<BatchObjectListing.BatchObject> objects = new BatchObjectListing(s3, bucket, layout)
                .inHours(options.from().minus(LEAD), options.to(), glob, progress.phase("listing event keys", 0)).stream()
                .filter(o -> table == null || routing.tableFor(o.parsed().eventKey()).equals(table))
                .toList();
        List<BatchNotification> notifications = new ArrayList<>();
        long refused = 0;
        Progress.Phase reading = progress.phase("reading metadata", objects.size());
        for (BatchNotification n : notifications(objects, bucket, routing, reading)) {
            if (n == null || validator.problem(n).isPresent()) {
                refused++;
            } else {
                notifications.add(n);
            }
        }
        List<String> ids = notifications.stream().map(BatchNotification::batchId).toList();
        Set<String> loaded;
        long forgotten = 0;
        progress.phase("reading the ledger", 0);
        try (Connection c = Ledger.connect(settings)) {
            loaded = Ledger.loaded(c, ids);
            if (options.forgetLedger() && !options.dryRun() && !loaded.isEmpty()) {
                forgotten = Ledger.forget(c, List.copyOf(loaded));
            }
        }
        List<BatchNotification> toPublish = options.forgetLedger() ? notifications
                : notifications.stream().filter(n -> !loaded.contains(n.batchId())).toList();
        long failed = options.dryRun() ? 0 : publish(toPublish, progress.phase("publishing", toPublish.size()));
        long records = toPublish.stream().mapToLong(BatchNotification::recordCount).sum();
        return new Summary(objects.size(), records, loaded.size(), forgotten,
                toPublish.size() - failed, refused, failed, options.dryRun());
    }

    /**
     * The rebuilt notification of each object, in order (null where {@link #notification} is). One HEAD per object,
     * {@value #HEAD_THREADS} at a time: serially, a year of batches would take hours of round trips.
     */
    private List<BatchNotification> notifications(List<BatchObjectListing.BatchObject> objects, String bucket,
                                                  TableRouting routing, Progress.Phase reading) {
        ExecutorService heads = Executors.newFixedThreadPool(HEAD_THREADS, new NamedThreads("replay-head"));
        try {
            List<Future<BatchNotification>> pending = objects.stream()
                    .map(o -> heads.submit(() -> notification(o, bucket, routing))).toList();
            List<BatchNotification> rebuilt = new ArrayList<>(pending.size());
            for (Future<BatchNotification> head : pending) {
                rebuilt.add(head.get());
                reading.step();
            }
            return rebuilt;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading object metadata", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            heads.shutdownNow();
        }
    }

    /** The notification the batcher sent for this object, rebuilt; null when the object lacks its metadata. */
    private BatchNotification notification(BatchObjectListing.BatchObject object, String bucket, TableRouting routing) {
        HeadObjectResponse head;
        try {
            head = s3.headObject(b -> b.bucket(bucket).key(object.key()));
        } catch (S3Exception e) {
            return null;
        }
        Map<String, String> metadata = head.metadata();
        String batchId = metadata.get("batch-id");
        String count = metadata.get("record-count");
        String sha256 = metadata.get("sha256");
        if (batchId == null || count == null || sha256 == null || !batchId.equals(object.parsed().batchId())
                || !count.matches("\\d{1,18}")) {
            return null;
        }
        String eventKey = object.parsed().eventKey();
        Instant hour = object.parsed().hour();
        return new BatchNotification(batchId, eventKey, routing.tableFor(eventKey).sql(), bucket, object.key(),
                Long.parseLong(count), head.contentLength(), sha256, hour.toString(),
                hour.plus(LEAD).minusMillis(1).toString(), List.of(), clock.instant().toString());
    }

    private long publish(List<BatchNotification> notifications, Progress.Phase bar) {
        String topic = settings.get(Setting.KAFKA_TOPIC_BATCHES);
        try (KafkaProducer<byte[], byte[]> producer = new OperateKafka(settings).producer()) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (BatchNotification n : notifications) {
                sent.add(producer.send(new ProducerRecord<>(topic, n.table().getBytes(StandardCharsets.UTF_8), json(n))));
            }
            producer.flush();
            return OperateKafka.unacknowledged(sent, bar::step);
        }
    }

    private static byte[] json(BatchNotification n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
