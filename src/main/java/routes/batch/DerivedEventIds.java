package routes.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import routes.contract.PipelineFieldChecks;

/**
 * The event id of an event that brings none: {@code ~topic-partition-offset}, so a redelivered record gets the
 * same id and the loader's dedupe keeps it once. The leading {@value PipelineFieldChecks#DERIVED_EVENT_ID_MARK}
 * puts derived ids in a namespace of their own: producers may not send an id starting with it
 * ({@link PipelineFieldChecks#eventIdProblem}), so no sent id can pre-claim a record's derived id. A topic name
 * long enough to push the id past the 64 bytes of the {@code event_id} column (a cast would truncate distinct ids
 * into one) is shortened to its first {@value #TOPIC_PREFIX_CHARS} characters, {@code ~} and
 * {@value #TOPIC_HASH_HEX} hex digits of its SHA-256. Thread-safe.
 */
final class DerivedEventIds {

    static final int TOPIC_PREFIX_CHARS = 15;
    /** 64 bits of SHA-256: two long topic names sharing the prefix collide with odds of about 2^-64. */
    static final int TOPIC_HASH_HEX = 16;
    /** Not legal in a Kafka topic name, so a shortened id never equals the plain id of another topic. */
    static final char SHORTENED = '~';
    private static final char MARK = PipelineFieldChecks.DERIVED_EVENT_ID_MARK;

    private static final HexFormat HEX = HexFormat.of();

    /** The last topic shortened: a consumer reads few topics, so one entry saves a digest per record. */
    private volatile Shortened last;

    private record Shortened(String topic, String stem) {
    }

    String of(String topic, int partition, long offset) {
        String plain = MARK + topic + "-" + partition + "-" + offset;
        // Kafka topic names are ASCII, so chars are bytes.
        if (plain.length() <= PipelineFieldChecks.MAX_EVENT_ID_BYTES && PipelineFieldChecks.storedEventIdProblem(plain) == null) {
            return plain;
        }
        Shortened s = last;
        if (s == null || !s.topic().equals(topic)) {
            s = new Shortened(topic, stem(topic));
            last = s;
        }
        // At most 1 + 15 + 1 + 16 + 1 + 10 + 1 + 19 = 64 bytes: Kafka partitions and offsets are not negative.
        return s.stem() + "-" + partition + "-" + offset;
    }

    private static String stem(String topic) {
        byte[] digest = sha256(topic.getBytes(StandardCharsets.UTF_8));
        int n = 0;
        while (n < Math.min(TOPIC_PREFIX_CHARS, topic.length()) && isTopicChar(topic.charAt(n))) {
            n++;
        }
        return MARK + topic.substring(0, n) + SHORTENED + HEX.formatHex(digest, 0, TOPIC_HASH_HEX / 2);
    }

    /** Kafka's legal topic characters, all one UTF-8 byte; the prefix stops before anything else. */
    private static boolean isTopicChar(char c) {
        return c != ':' && PipelineFieldChecks.isEventKeyChar(c);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
