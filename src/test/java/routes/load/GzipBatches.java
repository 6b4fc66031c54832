package routes.load;

import routes.contract.BatchNotification;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.LongStream;

/**
 * Batch objects as the batcher writes them (gzip NDJSON, one event per line) put into an {@link InMemoryObjectStore},
 * with notifications that describe them, or misdescribe them on purpose.
 */
final class GzipBatches {

    static final String BUCKET = "event-logs";
    static final String KEY = "payroll.run";

    private final InMemoryObjectStore store;

    GzipBatches(InMemoryObjectStore store) {
        this.store = store;
    }

    /** One event as NDJSON: event_id {@code e-<id>}, some payload worth quoting in CSV. */
    static String event(long id, String eventKey) {
        return "{\"event_id\":\"e-" + id + "\",\"event_key\":\"" + eventKey + "\",\"occurred_at\":\"2025-03-01T07:"
                + String.format("%02d:%02d", (id / 60) % 60, id % 60) + "+02:00\",\"amount\":" + (id * 7 % 1000)
                + ",\"note\":\"quote \\\" and, comma \u00e9\u20ac \\\\ back\",\"nested\":{\"a\":[1,2,{\"b\":null}]}}";
    }

    /** A batch of the events {@code from} (inclusive) to {@code to} (exclusive). */
    BatchNotification events(String batchId, long from, long to) {
        return lines(batchId, LongStream.range(from, to).mapToObj(id -> event(id, KEY)).toList());
    }

    /** A batch of exactly these lines. */
    BatchNotification lines(String batchId, List<String> lines) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bytes)) {
            for (String line : lines) {
                gz.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return object(batchId, lines.size(), bytes.toByteArray());
    }

    /** A batch whose object holds {@code body} as is, described truly (size and SHA-256), claiming {@code records}. */
    BatchNotification object(String batchId, long records, byte[] body) {
        BatchNotification n = notification(batchId, records, body);
        store.put(n.bucket(), n.key(), body);
        return n;
    }

    /** The notification {@code n} with another record count. */
    static BatchNotification withCount(BatchNotification n, long count) {
        return new BatchNotification(n.batchId(), n.eventKey(), n.table(), n.bucket(), n.key(), count,
                n.bytes(), n.sha256(), n.minOccurredAt(), n.maxOccurredAt(), n.sources(), n.createdAt());
    }

    private static BatchNotification notification(String batchId, long records, byte[] body) {
        String sha;
        try {
            sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return new BatchNotification(batchId, KEY, "public.events", BUCKET,
                "events/event_key=" + KEY + "/dt=2025-03-01/hour=05/" + batchId + ".ndjson.gz", records, body.length,
                sha, "2025-03-01T05:00:00Z", "2025-03-01T05:59:59Z",
                List.of(new BatchNotification.Source("events", 0, 0, Math.max(0, records - 1))), "2025-03-01T06:00:00Z");
    }
}
