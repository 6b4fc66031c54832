package routes.preflight;

import routes.config.Setting;
import routes.contract.BatchNotification;
import routes.contract.OccurredAtParser;
import routes.config.PipelineSettings;
import routes.contract.ObjectKeyLayout;
import routes.load.NotificationValidator;
import routes.contract.TableRouting;
import routes.s3.ObjectEncryption;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Canary batch objects as the batcher writes them (gzip NDJSON under
 * {@code <prefix>preflight/<run id>/event_key=…/dt=…/hour=…/<batch id>.ndjson.gz}, same content headers and
 * encryption) with their topic-B notifications, each checked by the loader's own {@link NotificationValidator}.
 * Remembers every key it wrote (and any other key the load made, such as Redshift manifests) so {@link #deleteAll}
 * leaves the bucket as it was.
 */
final class CanaryBatches {


    private final S3Client s3;
    private final PipelineSettings settings;
    private final String bucket;
    private final String runId;
    private final String runPrefix;
    private final String table;
    private final ObjectKeyLayout layout;
    private final NotificationValidator validator;
    private final List<String> written = new ArrayList<>();
    private int sequence;

    CanaryBatches(S3Client s3, PipelineSettings settings, String runId) {
        this.s3 = s3;
        this.settings = settings;
        this.bucket = settings.get(Setting.S3_BUCKET);
        this.runId = runId;
        this.runPrefix = settings.get(Setting.S3_PREFIX) + "preflight/" + runId + "/";
        TableRouting routing = TableRouting.parse(settings.get(Setting.WAREHOUSE_TABLES));
        this.table = routing.tableFor(CanaryEvents.EVENT_KEY).sql();
        this.layout = new ObjectKeyLayout(runPrefix);
        this.validator = new NotificationValidator(bucket, layout, routing);
    }

    /** The configured target table for the canary's event key: the grants proven are the real ones. */
    String table() {
        return table;
    }

    String runPrefix() {
        return runPrefix;
    }

    /** Gzips and uploads the lines as one batch object and returns its notification. */
    BatchNotification upload(List<byte[]> lines) {
        BatchNotification n = describe(lines);
        byte[] gzip = gzip(lines);
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(n.key())
                .contentType("application/x-ndjson").contentEncoding("gzip")
                .metadata(Map.of("record-count", Long.toString(n.recordCount())))
                .overrideConfiguration(S3Check.bounded());
        ObjectEncryption.apply(put, settings.getBoolean(Setting.S3_SSE_KMS), settings.get(Setting.S3_KMS_KEY_ID));
        written.add(n.key());
        s3.putObject(put.build(), RequestBody.fromBytes(gzip));
        return n;
    }

    /** A notification whose object is never written: the "missing object" cycle. */
    BatchNotification missing(List<byte[]> lines) {
        return describe(lines);
    }

    /** Another key the load wrote into the bucket (Redshift's manifest), deleted with the canaries. */
    void alsoDelete(String key) {
        written.add(key);
    }

    /** Deletes every key written; returns how many could not be deleted. */
    int deleteAll() {
        int left = 0;
        for (String key : written) {
            try {
                s3.deleteObject(b -> b.bucket(bucket).key(key).overrideConfiguration(S3Check.bounded()));
            } catch (SdkException e) {
                left++;
            }
        }
        return left;
    }

    int objectCount() {
        return written.size();
    }

    private BatchNotification describe(List<byte[]> lines) {
        Instant min = null;
        Instant max = null;
        for (byte[] line : lines) {
            Instant at = occurredAt(line);
            min = min == null || at.isBefore(min) ? at : min;
            max = max == null || at.isAfter(max) ? at : max;
        }
        byte[] gzip = gzip(lines);
        String batchId = "preflight+" + runId + "+" + (++sequence);
        String key = layout.objectKey(CanaryEvents.EVENT_KEY, min, batchId);
        BatchNotification n = new BatchNotification(batchId, CanaryEvents.EVENT_KEY, table, bucket, key, lines.size(),
                gzip.length, sha256(gzip), min.toString(), max.toString(),
                List.of(new BatchNotification.Source("preflight", 0, sequence, sequence)), Instant.now().toString(),
                null, null, CanaryFields.of(lines), 0L);
        validator.problem(n).ifPresent(problem -> {
            throw new IllegalStateException("the loader would refuse the canary notification: " + problem);
        });
        return n;
    }

    private static Instant occurredAt(byte[] line) {
        try {
            String text = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).get("occurred_at").asText();
            return OccurredAtParser.parseIso(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(List<byte[]> lines) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            for (byte[] line : lines) {
                out.write(line);
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
