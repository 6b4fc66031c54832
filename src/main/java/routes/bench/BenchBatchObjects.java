package routes.bench;

import routes.batch.AdmissionVerdict;
import routes.batch.EventAdmission;
import routes.batch.EventFields;
import routes.batch.FieldCut;
import routes.batch.LeveledGzip;
import routes.contract.BatchNotification;
import routes.contract.FieldType;
import routes.contract.ObservedField;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gzip NDJSON objects and topic-B notifications the batcher would write for the bench's events, built in memory:
 * each event admitted by the batcher's own {@link EventAdmission}, grouped by event key, an object closed when it
 * holds {@code eventsPerObject} events (the rest of each key's events close at the end, as the bench's force
 * completion does), gzipped at the batcher's level, with the notification's counts, bytes, SHA-256, occurred_at range
 * and field observations, so that the loader's checks pass as they do for the batcher's objects.
 */
final class BenchBatchObjects {

    /** Events per object when the bench has no batcher figure to copy: about what its batcher writes. */
    static final int DEFAULT_EVENTS_PER_OBJECT = 800;

    /** One object: its notification, its bytes, and the NDJSON (uncompressed) bytes it holds. */
    record BatchObject(BatchNotification notification, byte[] body, long ndjsonBytes) {
    }

    private static final Comparator<ObservedField> BY_PATH_THEN_TYPE =
            Comparator.comparing(ObservedField::path).thenComparing(f -> f.type().wireName());

    private final EventAdmission admission;
    private final int gzipLevel;
    private final int eventsPerObject;
    private final String table;
    private final String bucket;
    private final String prefix;
    private final List<BatchObject> done = new ArrayList<>();
    private final Map<String, OpenObject> open = new LinkedHashMap<>();

    private BenchBatchObjects(EventAdmission admission, int gzipLevel, int eventsPerObject, String table, String bucket,
                      String prefix) {
        if (eventsPerObject < 1) {
            throw new IllegalArgumentException("eventsPerObject must be positive, was " + eventsPerObject);
        }
        this.admission = admission;
        this.gzipLevel = gzipLevel;
        this.eventsPerObject = eventsPerObject;
        this.table = table;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    /** The objects of {@code count} of the plan's events, in the order the batcher would have closed them. */
    static List<BatchObject> of(BenchPlan plan, long count, EventAdmission admission, int gzipLevel, int eventsPerObject,
                                String table, String bucket, String prefix) throws IOException {
        BenchBatchObjects objects = new BenchBatchObjects(admission, gzipLevel, eventsPerObject, table, bucket, prefix);
        BenchEvents events = new BenchEvents(plan, count);
        long offset = 0;
        for (BenchEvents.Chunk chunk = events.next(BenchPlan.CHUNK); chunk.size() > 0; chunk = events.next(BenchPlan.CHUNK)) {
            for (byte[] value : chunk.values()) {
                objects.add(value, offset++);
            }
        }
        return objects.close();
    }

    private void add(byte[] value, long offset) throws IOException {
        if (admission.admit(value, BenchEnvironment.EVENTS, 0, offset, System.currentTimeMillis())
                instanceof AdmissionVerdict.Accepted a) {
            OpenObject object = open.computeIfAbsent(a.eventKey(), OpenObject::new);
            object.add(a, offset);
            if (object.lines.size() >= eventsPerObject) {
                done.add(write(open.remove(a.eventKey())));
            }
        }
    }

    /** Closes every open object and returns them all. */
    private List<BatchObject> close() throws IOException {
        for (OpenObject object : open.values()) {
            done.add(write(object));
        }
        open.clear();
        return List.copyOf(done);
    }

    private BatchObject write(OpenObject object) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long ndjson = 0;
        try (OutputStream gz = new LeveledGzip(bytes, gzipLevel)) {
            for (byte[] line : object.lines) {
                gz.write(line);
                gz.write('\n');
                ndjson += line.length + 1;
            }
        }
        byte[] body = bytes.toByteArray();
        String batchId = "bench-load-" + done.size();
        String key = prefix + batchId + ".ndjson.gz";
        List<ObservedField> fields = object.observed();
        BatchNotification notification = new BatchNotification(batchId, object.eventKey, table, bucket, key,
                object.lines.size(), body.length, sha256(body), object.minOccurredAt.toString(),
                object.maxOccurredAt.toString(),
                List.of(new BatchNotification.Source(BenchEnvironment.EVENTS, 0, object.firstOffset, object.lastOffset)),
                Instant.now().toString(), null, null, fields, fields == null ? null : object.fieldsCut);
        return new BatchObject(notification, body, ndjson);
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** One key's events not yet written. */
    private static final class OpenObject {
        private final String eventKey;
        private final List<byte[]> lines = new ArrayList<>();
        /** Events per (path, type); unbounded: the bench's events have a handful of leaves, far below the batcher's bound. */
        private final Map<String, Map<FieldType, Long>> fields = new TreeMap<>();
        private long fieldsCut;
        private long firstOffset = -1;
        private long lastOffset;
        private Instant minOccurredAt;
        private Instant maxOccurredAt;

        OpenObject(String eventKey) {
            this.eventKey = eventKey;
        }

        void add(AdmissionVerdict.Accepted event, long offset) {
            lines.add(event.json());
            firstOffset = firstOffset < 0 ? offset : firstOffset;
            lastOffset = offset;
            Instant at = event.occurredAt();
            minOccurredAt = minOccurredAt == null || at.isBefore(minOccurredAt) ? at : minOccurredAt;
            maxOccurredAt = maxOccurredAt == null || at.isAfter(maxOccurredAt) ? at : maxOccurredAt;
            EventFields f = event.fields();
            for (int i = 0; i < f.size(); i++) {
                fields.computeIfAbsent(f.path(i), p -> new EnumMap<>(FieldType.class)).merge(f.type(i), 1L, Long::sum);
            }
            fieldsCut += f.cut(FieldCut.NAME) + f.cut(FieldCut.PATH_BYTES);
        }

        /** The notification's {@code fields}, or null when nothing was observed (observation off). */
        List<ObservedField> observed() {
            if (fields.isEmpty() && fieldsCut == 0) {
                return null;
            }
            List<ObservedField> observed = new ArrayList<>();
            fields.forEach((path, types) -> types.forEach((type, n) -> observed.add(new ObservedField(path, type, n))));
            observed.sort(BY_PATH_THEN_TYPE);
            return observed;
        }
    }
}
