package routes.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of batch objects, derived only from the batch's Kafka coordinates and first event time, so writing
 * the same batch twice writes the same object:
 * {@code <prefix>event_key=<key>/dt=<yyyy-MM-dd>/hour=<HH>/<batch id>.ndjson.gz}. The event key was
 * validated against {@code [A-Za-z0-9_.:-]{1,128}} on admission, so it cannot escape the prefix.
 */
public final class BatchObjectNaming {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH").withZone(ZoneOffset.UTC);

    private static final Pattern KEY_TAIL = Pattern.compile(
            "event_key=([A-Za-z0-9_.:-]{1,128})/dt=(\\d{4}-\\d{2}-\\d{2})/hour=([01]\\d|2[0-3])/([A-Za-z0-9_.=+-]{1,200})\\.ndjson\\.gz");

    private final String prefix;

    /** What an object key says about its batch: the event key, the hour of its first event and the batch id. */
    public record ParsedKey(String eventKey, Instant hour, String batchId) {
    }

    public BatchObjectNaming(String prefix) {
        if (!prefix.isEmpty() && (!prefix.endsWith("/") || !prefix.matches("[A-Za-z0-9_.=/-]+") || prefix.contains(".."))) {
            throw new IllegalArgumentException("pipeline.s3.prefix must be empty or safe characters ending in '/': " + prefix);
        }
        this.prefix = prefix;
    }

    /**
     * {@code <topic>+<partition>+<first offset>+<hash of all ranges>}: readable where the batch starts,
     * unique through the hash of every source range.
     */
    public String batchId(List<BatchNotification.Source> sources) {
        StringBuilder coordinates = new StringBuilder();
        sources.forEach(s -> coordinates.append(s.topic()).append('/').append(s.partition()).append('/')
                .append(s.firstOffset()).append('-').append(s.lastOffset()).append(';'));
        BatchNotification.Source first = sources.get(0);
        return first.topic() + "+" + first.partition() + "+" + first.firstOffset() + "+" + sha256Hex(coordinates.toString()).substring(0, 20);
    }

    public String objectKey(EventBatch batch, String batchId) {
        return prefix + "event_key=" + batch.eventKey()
                + "/dt=" + DAY.format(batch.firstOccurredAt())
                + "/hour=" + HOUR.format(batch.firstOccurredAt())
                + "/" + batchId + ".ndjson.gz";
    }

    /** The parts of a key written by {@link #objectKey}, or empty for anything else under (or outside) the prefix. */
    public Optional<ParsedKey> parse(String key) {
        if (key == null || !key.startsWith(prefix)) {
            return Optional.empty();
        }
        Matcher m = KEY_TAIL.matcher(key.substring(prefix.length()));
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            Instant hour = LocalDate.parse(m.group(2)).atStartOfDay(ZoneOffset.UTC).toInstant()
                    .plusSeconds(3600L * Integer.parseInt(m.group(3)));
            return Optional.of(new ParsedKey(m.group(1), hour, m.group(4)));
        } catch (java.time.DateTimeException e) {
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

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
