package routes.operate;

import com.fasterxml.jackson.databind.ObjectMapper;
import routes.config.Setting;
import routes.contract.DlqHeaders;
import routes.contract.BatchNotification;
import routes.contract.ObjectKeyLayout;
import routes.config.PipelineSettings;
import routes.config.SpoolDirectory;
import routes.load.RedshiftCopyStatements;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Finds what crashes leave behind, and deletes it only when asked:
 * <ul>
 *   <li><b>orphan batch objects</b>: older than the age, not in the ledger, not named by any notification
 *   on topic B or any loader dead letter, and with a first record the batcher group has committed past
 *   ({@link BatcherProgress}: otherwise a batcher may still be announcing it, or will write it again). A batcher killed between its S3 PUT and its notification leaves one;
 *   its events come back and are batched again (possibly under another batch id), so the object is never
 *   loaded. An object still announced (loader lagging, or dead-lettered and waiting for a redrive) is kept.
 *   Limit: a notification older than topic B's retention is not seen, so only ledger rows protect old objects;
 *   keep the age well below that retention.</li>
 *   <li><b>manifests</b> the Redshift loader wrote, older than the age (a manifest is only read by its COPY).</li>
 *   <li><b>spool files</b> ({@code batch-*.ndjson.gz}) in this machine's spool directory, older than the age.</li>
 * </ul>
 * The age is at least {@link JanitorFloor} (a batcher may still be announcing a younger object), and objects are aged
 * by the S3 server's clock, not this machine's: S3 time against S3 time.
 */
public final class Janitor {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPOOL_GLOB = "batch-*.ndjson.gz";

    /**
     * What was found (keys and paths are names, never content) and how many deletions failed; {@code uncommitted}:
     * objects old and unannounced but kept, since the batcher group has not committed past their first record.
     */
    public record Report(List<String> orphans, long orphanBytes, List<String> manifests, List<Path> spoolFiles,
                         long batchObjects, long deleted, long failed, boolean delete, long uncommitted) {
        public boolean ok() {
            return failed == 0;
        }
    }

    private final PipelineSettings settings;
    private final S3Client s3;
    private final Clock localClock;
    private final Supplier<Instant> s3Now;

    /**
     * @param localClock ages spool files (this machine's clock made their times)
     * @param s3Now ages objects: "now" by the S3 server's clock ({@link S3ServerClock}), which made their LastModified
     */
    public Janitor(PipelineSettings settings, S3Client s3, Clock localClock, Supplier<Instant> s3Now) {
        this.settings = settings;
        this.s3 = s3;
        this.localClock = localClock;
        this.s3Now = s3Now;
    }

    /** "Now" by the S3 server that {@code settings} name, for {@link #Janitor}'s {@code s3Now}. */
    public static S3ServerClock s3Clock(PipelineSettings settings, S3Client s3) {
        return new S3ServerClock(s3, settings.get(Setting.S3_BUCKET), RedshiftCopyStatements.MANIFEST_PREFIX);
    }

    /** @throws IllegalArgumentException when {@code olderThan} is below {@link JanitorFloor} (nothing is read or deleted) */
    public Report run(Duration olderThan, boolean delete) throws SQLException {
        return run(olderThan, delete, Progress.silent());
    }

    /** As {@link #run(Duration, boolean)}, showing each phase on {@code progress} (finished by the caller). */
    public Report run(Duration olderThan, boolean delete, Progress progress) throws SQLException {
        JanitorFloor floor = JanitorFloor.of(settings);
        Instant cutoff = floor.cutoff(s3Now.get(), olderThan);
        Instant localCutoff = localClock.instant().minus(olderThan);
        String bucket = settings.get(Setting.S3_BUCKET);
        ObjectKeyLayout layout = new ObjectKeyLayout(settings.get(Setting.S3_PREFIX));
        List<BatchObjectListing.BatchObject> objects = new BatchObjectListing(s3, bucket, layout)
                .all(progress.phase("listing batch objects", 0));
        List<BatchObjectListing.BatchObject> old = objects.stream().filter(o -> o.lastModified().isBefore(cutoff)).toList();

        progress.phase("reading the batcher group's offsets", 0);
        BatcherProgress batchers = BatcherProgress.read(settings);
        progress.phase("reading topic B and loader dead letters", 0);
        Set<String> announced = announcedKeys();
        progress.phase("reading the ledger", 0);
        Set<String> loaded;
        try (Connection c = Ledger.connect(settings)) {
            loaded = Ledger.loaded(c, old.stream().map(o -> o.parsed().batchId()).toList());
        }
        List<BatchObjectListing.BatchObject> unannounced = old.stream()
                .filter(o -> !loaded.contains(o.parsed().batchId()) && !announced.contains(o.key())).toList();
        List<BatchObjectListing.BatchObject> orphans = unannounced.stream()
                .filter(o -> batchers.committedPast(o.parsed().batchId())).toList();
        progress.phase("listing manifests and spool files", 0);
        List<String> manifests = oldManifests(bucket, cutoff);
        List<Path> spool = oldSpoolFiles(localCutoff);

        List<String> keys = new ArrayList<>(orphans.stream().map(BatchObjectListing.BatchObject::key).toList());
        keys.addAll(manifests);
        long[] outcome = delete ? delete(bucket, keys, spool, progress.phase("deleting", keys.size() + spool.size()))
                : new long[] {0, 0};
        return new Report(orphans.stream().map(BatchObjectListing.BatchObject::key).toList(),
                orphans.stream().mapToLong(BatchObjectListing.BatchObject::size).sum(),
                manifests, spool, objects.size(), outcome[0], outcome[1], delete, unannounced.size() - orphans.size());
    }

    /** Deletes the objects and files; returns {deleted, failed}. */
    private long[] delete(String bucket, List<String> keys, List<Path> files, Progress.Phase progress) {
        long deleted = 0;
        long failed = 0;
        for (String key : keys) {
            try {
                s3.deleteObject(b -> b.bucket(bucket).key(key));
                deleted++;
            } catch (S3Exception e) {
                failed++;
            }
            progress.step();
        }
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
                deleted++;
            } catch (IOException e) {
                failed++;
            }
            progress.step();
        }
        return new long[] {deleted, failed};
    }

    /** Object keys named by a notification on topic B or by a loader dead letter (a refused notification). */
    private Set<String> announcedKeys() {
        Set<String> keys = new HashSet<>();
        OperateKafka kafka = new OperateKafka(settings);
        kafka.readUpToEnd(settings.get(Setting.KAFKA_TOPIC_BATCHES), 0, r -> keyOf(r.value(), keys));
        kafka.readUpToEnd(settings.get(Setting.KAFKA_TOPIC_DLQ), 0, r -> {
            if ("loader".equals(DlqSelection.header(r, DlqHeaders.STAGE).orElse(null))) {
                keyOf(r.value(), keys);
            }
        });
        return keys;
    }

    private static void keyOf(byte[] value, Set<String> keys) {
        if (value == null) {
            return;
        }
        try {
            BatchNotification n = JSON.readValue(value, BatchNotification.class);
            if (n != null && n.key() != null) {
                keys.add(n.key());
            }
        } catch (IOException notANotification) {
            // forged or corrupt: names nothing
        }
    }

    private List<String> oldManifests(String bucket, Instant cutoff) {
        List<String> keys = new ArrayList<>();
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket)
                .prefix(RedshiftCopyStatements.MANIFEST_PREFIX).build();
        for (var page : s3.listObjectsV2Paginator(request)) {
            for (S3Object o : page.contents()) {
                if (o.key().endsWith(".manifest") && o.lastModified().isBefore(cutoff)) {
                    keys.add(o.key());
                }
            }
        }
        return keys;
    }

    private List<Path> oldSpoolFiles(Instant cutoff) {
        Path dir = SpoolDirectory.of(settings);
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, SPOOL_GLOB)) {
            for (Path file : stream) {
                if (Files.isRegularFile(file) && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                    files.add(file);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read spool directory " + dir + ": " + e.getMessage(), e);
        }
        return files;
    }
}
