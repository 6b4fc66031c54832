package routes.contract;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key layout of batch objects, the one rule the batcher writes by and the loader, replay and janitor
 * read by: {@code <prefix>event_key=<key>/dt=<yyyy-MM-dd>/hour=<HH>/<batch id>.ndjson.gz} (UTC). The prefix
 * is empty (objects at the bucket root) or path segments of {@code [A-Za-z0-9_.=-]}, each ending in
 * {@code /}; {@code .} and {@code ..} are not segments, so no key can walk out of it.
 */
public final class ObjectKeyLayout {

    public static final String DEFAULT_PREFIX = "events/";
    public static final String PREFIX_RULE = "empty, or path segments of [A-Za-z0-9_.=-] each ending in '/' (no '.' or '..' segment)";

    private static final Pattern PREFIX = Pattern.compile("((?!\\.{1,2}/)[A-Za-z0-9_.=-]+/)*");
    /** The key's shape; the event key and the batch id are then held to their own rules (PipelineFieldChecks). */
    private static final Pattern KEY_TAIL = Pattern.compile(
            "event_key=([^/]+)/dt=(\\d{4}-\\d{2}-\\d{2})/hour=([01]\\d|2[0-3])/([^/]+)\\.ndjson\\.gz");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH").withZone(ZoneOffset.UTC);

    private final String prefix;

    /** What an object key says about its batch: the event key, the hour of its first event and the batch id. */
    public record ParsedKey(String eventKey, Instant hour, String batchId) {
    }

    /** @throws IllegalArgumentException when {@code prefix} breaks {@link #PREFIX_RULE} */
    public ObjectKeyLayout(String prefix) {
        if (!isValidPrefix(prefix)) {
            throw new IllegalArgumentException("pipeline.s3.prefix must be " + PREFIX_RULE);
        }
        this.prefix = prefix;
    }

    public static boolean isValidPrefix(String prefix) {
        return prefix != null && prefix.length() <= 512 && PREFIX.matcher(prefix).matches();
    }

    /** The key of a batch whose first event occurred at {@code firstOccurredAt}. */
    public String objectKey(String eventKey, Instant firstOccurredAt, String batchId) {
        return dayPrefix(eventKey, firstOccurredAt) + "hour=" + HOUR.format(firstOccurredAt) + "/" + batchId + ".ndjson.gz";
    }

    /** The parts of a key written by {@link #objectKey}, or empty for anything else under (or outside) the prefix. */
    public Optional<ParsedKey> parse(String key) {
        if (key == null || !key.startsWith(prefix)) {
            return Optional.empty();
        }
        Matcher m = KEY_TAIL.matcher(key.substring(prefix.length()));
        if (!m.matches() || !PipelineFieldChecks.isValidEventKey(m.group(1))
                || !PipelineFieldChecks.isValidBatchId(m.group(4))) {
            return Optional.empty();
        }
        try {
            Instant hour = LocalDate.parse(m.group(2)).atStartOfDay(ZoneOffset.UTC).toInstant()
                    .plusSeconds(3600L * Integer.parseInt(m.group(3)));
            return Optional.of(new ParsedKey(m.group(1), hour, m.group(4)));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** {@code <prefix>event_key=<key>/}: everything one event key has written. */
    public String eventKeyPrefix(String eventKey) {
        return prefix + "event_key=" + eventKey + "/";
    }

    /** {@code <prefix>event_key=<key>/dt=<day>/}: one event key's objects of one UTC day. */
    public String dayPrefix(String eventKey, Instant day) {
        return eventKeyPrefix(eventKey) + "dt=" + DAY.format(day) + "/";
    }

    public String prefix() {
        return prefix;
    }
}
