package routes.load;

import routes.contract.S3BucketName;
import routes.contract.BatchNotification;
import routes.contract.ObjectKeyLayout;
import routes.contract.OccurredAtParser;
import routes.contract.PipelineFieldChecks;
import routes.contract.SqlIdentifier;
import routes.contract.TableRouting;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Refuses notifications the batcher cannot have written. Topic B is an input like any other: a forged
 * or corrupted message must not make the loader read another bucket, walk out of the key prefix, load
 * into an unconfigured table or put text of its choosing anywhere near SQL. Every field the loader uses
 * is checked against a strict pattern; the reason names the rule, never the offending value.
 */
public final class NotificationValidator {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private final String bucket;
    private final ObjectKeyLayout layout;
    private final TableRouting routing;

    /** Accepts the keys of {@code layout}, the same rule the batcher writes by. */
    public NotificationValidator(String bucket, ObjectKeyLayout layout, TableRouting routing) {
        if (!S3BucketName.isValid(bucket)) {
            throw new IllegalArgumentException("invalid bucket name in configuration");
        }
        this.bucket = bucket;
        this.layout = layout;
        this.routing = routing;
    }

    /** The reason {@code n} is refused, or empty when it may be loaded. */
    public Optional<String> problem(BatchNotification n) {
        if (n == null) {
            return Optional.of("notification is empty");
        }
        String reason = check(n);
        return Optional.ofNullable(reason);
    }

    public boolean isValid(BatchNotification n) {
        return problem(n).isEmpty();
    }

    private String check(BatchNotification n) {
        if (!PipelineFieldChecks.isValidBatchId(n.batchId())) {
            return "batch_id must be " + PipelineFieldChecks.BATCH_ID_RULE;
        }
        if (!bucket.equals(n.bucket())) {
            return "bucket is not the configured bucket";
        }
        if (n.eventKey() == null || !PipelineFieldChecks.isValidEventKey(n.eventKey())) {
            return "event_key must be " + PipelineFieldChecks.EVENT_KEY_RULE;
        }
        String keyProblem = checkKey(n);
        if (keyProblem != null) {
            return keyProblem;
        }
        if (n.table() == null || !SqlIdentifier.isValid(n.table())) {
            return "table is not a valid identifier";
        }
        if (!routing.isConfigured(n.table())) {
            return "table is not a configured target table";
        }
        if (!routing.tableFor(n.eventKey()).equals(SqlIdentifier.of(n.table()))) {
            return "table is not the table configured for this event_key";
        }
        if (n.recordCount() <= 0) {
            return "record_count must be positive";
        }
        if (n.bytes() <= 0) {
            return "bytes must be positive";
        }
        if (n.sha256() == null || !SHA256.matcher(n.sha256()).matches()) {
            return "sha256 must be 64 hex characters";
        }
        return checkArrivals(n);
    }

    private String checkKey(BatchNotification n) {
        String key = n.key();
        if (key == null || key.length() > 1024) {
            return "key is missing or too long";
        }
        if (key.contains("..") || key.contains("//") || key.startsWith("/")) {
            return "key must not contain '..', '//' or start with '/'";
        }
        if (!key.startsWith(layout.prefix())) {
            return "key is outside the configured prefix";
        }
        Optional<ObjectKeyLayout.ParsedKey> parsed = layout.parse(key);
        if (parsed.isEmpty()) {
            return "key must be <prefix>event_key=<key>/dt=YYYY-MM-DD/hour=HH/<name>.ndjson.gz";
        }
        if (!parsed.get().eventKey().equals(n.eventKey())) {
            return "event_key does not match the key path";
        }
        if (!parsed.get().batchId().equals(n.batchId())) {
            // Else an old object's notification could carry a pending batch's id into the ledger, and the real
            // batch would later be skipped as already loaded.
            return "batch_id does not match the key's batch id";
        }
        return checkTimes(n, parsed.get().hour());
    }

    /**
     * min/max_occurred_at are read after the load's COMMIT (latency metrics): a value that does not parse must be
     * refused here, alone, not throw there with the cycle's offsets held. The key's hour is the first event's.
     */
    private static String checkTimes(BatchNotification n, Instant keyHour) {
        Instant min = OccurredAtParser.parseIso(n.minOccurredAt());
        Instant max = OccurredAtParser.parseIso(n.maxOccurredAt());
        if (min == null || max == null) {
            return "min_occurred_at and max_occurred_at must be ISO-8601 with offset, within " + OccurredAtParser.RANGE_RULE;
        }
        if (min.isAfter(max)) {
            return "min_occurred_at is after max_occurred_at";
        }
        if (keyHour.isBefore(min.truncatedTo(ChronoUnit.HOURS)) || keyHour.isAfter(max)) {
            return "the key's hour is not between min_occurred_at and max_occurred_at";
        }
        return null;
    }

    /**
     * min/max_arrived_at (optional: absent from notifications older than them, from {@code replay}'s and the canary's)
     * are read after the COMMIT too (the pipeline latency), so they follow the occurred_at rule: both or neither,
     * each ISO-8601 with offset within the contract's range, min not after max.
     */
    private static String checkArrivals(BatchNotification n) {
        if (n.minArrivedAt() == null && n.maxArrivedAt() == null) {
            return null;
        }
        Instant min = OccurredAtParser.parseIso(n.minArrivedAt());
        Instant max = OccurredAtParser.parseIso(n.maxArrivedAt());
        if (min == null || max == null) {
            return "min_arrived_at and max_arrived_at must both be absent or both ISO-8601 with offset, within "
                    + OccurredAtParser.RANGE_RULE;
        }
        if (min.isAfter(max)) {
            return "min_arrived_at is after max_arrived_at";
        }
        return null;
    }
}
