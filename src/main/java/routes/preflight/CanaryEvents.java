package routes.preflight;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;

/**
 * The canary events, as NDJSON lines in the batcher's shape: compact JSON with {@code event_id},
 * {@code event_key}, {@code occurred_at} (ISO-8601 with offset) and whatever else the app sent. Each kind
 * carries one of the awkward values the load path must survive.
 */
final class CanaryEvents {

    static final String EVENT_KEY = "preflight.canary";
    /** Nine fractional digits and a half-hour offset; the warehouses keep microseconds (rounded or cut). */
    static final String ODD_OCCURRED_AT = "2026-01-02T03:04:05.123456789+05:30";
    static final Instant ODD_OCCURRED_AT_INSTANT = Instant.parse("2026-01-01T21:34:05.123456789Z");
    static final int LONG_STRING_CHARS = 70 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String runId;
    private final Instant now;

    CanaryEvents(String runId, Instant now) {
        this.runId = runId;
        this.now = now;
    }

    /** Ids are unique per run, so nothing a canary does can meet a real event. */
    String id(String name) {
        return "preflight-" + runId + "-" + name;
    }

    byte[] plain(String name) {
        return line(base(name).put("data", "an ordinary event"));
    }

    /**
     * {@code event_id} and a second field {@code EVENT_ID} with another id: the batcher refuses only exact
     * duplicate names, so such an event reaches the warehouse, where the loader must read {@code event_id}.
     */
    byte[] caseVariantId(String name) {
        return line(base(name).put("EVENT_ID", id(name + "-upper")).put("Event_Id", id(name + "-mixed")));
    }

    byte[] longString(String name) {
        return line(base(name).put("blob", "x".repeat(LONG_STRING_CHARS)));
    }

    byte[] oddTime(String name) {
        return line(base(name).put("occurred_at", ODD_OCCURRED_AT));
    }

    byte[] oddNumbers(String name) {
        ObjectNode n = base(name);
        n.put("beyond_double", new BigInteger("123456789012345678901234567890"));
        n.put("beyond_2_53", 9007199254740993L);
        n.put("huge", new BigDecimal("1e308"));
        n.put("tiny", new BigDecimal("1.0E-7"));
        n.put("negative_zero", -0.0d);
        n.put("tenth", new BigDecimal("0.1"));
        n.put("min_long", Long.MIN_VALUE);
        return line(n);
    }

    /** Jackson writes the control characters as \\u escapes, as the batcher's copier does. */
    byte[] unicode(String name) {
        return line(base(name).put("text", "snowman \u2603, emoji \uD83D\uDE00, \u05E9\u05DC\u05D5\u05DD, \u6F22\u5B57,"
                + " controls \u0001\u001F\t\n\r, quote \" backslash \\ line separator \u2028"));
    }

    private ObjectNode base(String name) {
        ObjectNode n = JSON.createObjectNode();
        n.put("event_id", id(name));
        n.put("event_key", EVENT_KEY);
        n.put("occurred_at", now.toString());
        return n;
    }

    private static byte[] line(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
