package routes.batch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The batcher issue's bad-input corpus: name → raw bytes, and the dead-letter reason each must get. */
public final class HostileInputs {

    private HostileInputs() {
    }

    public static Map<String, byte[]> corpus() {
        Map<String, byte[]> corpus = new LinkedHashMap<>();
        corpus.put("not json", utf8("this is not json"));
        corpus.put("truncated json", utf8("{\"event_id\":\"x1\",\"event_key\":\"a.b\",\"data\":{"));
        corpus.put("json array", utf8("[{\"event_key\":\"a.b\"}]"));
        corpus.put("json null", utf8("null"));
        corpus.put("empty", new byte[0]);
        corpus.put("missing key", utf8("{\"event_id\":\"x2\",\"occurred_at\":\"2026-11-24T10:00:00Z\"}"));
        corpus.put("path traversal key", utf8("{\"event_id\":\"x3\",\"event_key\":\"../../etc/passwd\"}"));
        corpus.put("sql key", utf8("{\"event_id\":\"x4\",\"event_key\":\"a'; DROP TABLE events;--\"}"));
        corpus.put("invalid utf8", new byte[] {'{', '"', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        corpus.put("3 MiB message", utf8("{\"event_key\":\"big.one\",\"data\":\"" + "x".repeat(3 << 20) + "\"}"));
        corpus.put("5000 deep", utf8("{\"event_key\":\"deep.one\",\"d\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));
        return corpus;
    }

    public static String expectedReason(String name) {
        return switch (name) {
            case "not json", "truncated json" -> "not_json";
            case "json array", "json null" -> "not_object";
            case "empty" -> "empty";
            case "missing key" -> "missing_event_key";
            case "path traversal key", "sql key" -> "invalid_event_key";
            case "invalid utf8" -> "invalid_utf8";
            case "3 MiB message" -> "too_large";
            case "5000 deep" -> "too_deep";
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A time in the neighbours' window: every group's batch is one object of one hour. */
    public static final String WINDOW = "2026-11-24T10:00:00Z";
    /** Kafka timestamp of every record unless an edge sets its own. */
    public static final long KAFKA_MILLIS = java.time.Instant.parse("2026-11-24T10:00:30Z").toEpochMilli();

    /**
     * One edge of a rule, published next to nine good neighbours of key {@code groupKey} in the same window.
     *
     * @param json          the edge event
     * @param kafkaMillis   its record timestamp
     * @param redrivenFrom  a {@code dlq.redriven.from} header (as {@code dlq redrive} writes), or null
     * @param copies        how many times it is published
     * @param reason        the dead-letter reason it must get, alone; null when it must load
     * @param loadedId      when it loads: its event_id in the table (exactly one row)
     * @param rowCheck      when it loads: an SQL condition its row must meet, or null
     * @param idlessNeighbours the neighbours bring no event_id (their ids are derived)
     */
    public record EdgeEvent(String name, String groupKey, String json, long kafkaMillis, String redrivenFrom, int copies,
                            String reason, String loadedId, String rowCheck, boolean idlessNeighbours) {

        public byte[] bytes() {
            return utf8(json);
        }
    }

    /**
     * Edge events for a pipeline reading {@code eventsTopic} (one partition) and dead-lettering to {@code dlqTopic}.
     * The first group must be published first, to an empty topic: its nine id-less neighbours are offsets 0–8, and
     * its edge event sends, as its own id, the plain {@code <topic>-<partition>-<offset>} of the neighbour at offset 3.
     */
    public static List<EdgeEvent> edgeEvents(String eventsTopic, String dlqTopic) {
        List<EdgeEvent> e = new ArrayList<>();
        String claimed = eventsTopic + "-0-3";
        e.add(new EdgeEvent("explicit id shaped like a derived id", "edge.claim", event(claimed, "edge.claim", WINDOW),
                KAFKA_MILLIS, null, 1, null, claimed, null, true));
        // keys at the edges of the key rule: valid ones share their key with the neighbours
        loads(e, "key '.'", ".", "edge-k1", null);
        loads(e, "key of 128 characters", "k".repeat(128), "edge-k2", null);
        loads(e, "key with every allowed character", "Az09_.:-x", "edge-k3", null);
        loads(e, "key with leading and trailing dots", ".lead.trail.", "edge-k4", null);
        refused(e, "key with '..'", "edge.k5", event("edge-k5", "orders..created", WINDOW), "invalid_event_key");
        refused(e, "key of 129 characters", "edge.k6", event("edge-k6", "k".repeat(129), WINDOW), "invalid_event_key");
        refused(e, "key with non-ASCII letters", "edge.k7", event("edge-k7", "zahlung.\u00fcber", WINDOW), "invalid_event_key");
        refused(e, "key with a slash", "edge.k8", event("edge-k8", "a/b", WINDOW), "invalid_event_key");
        refused(e, "empty key", "edge.k9", event("edge-k9", "", WINDOW), "invalid_event_key");
        refused(e, "key with an escaped NUL", "edge.k10", event("edge-k10", "a\\u0000b", WINDOW), "unsupported_character");
        refused(e, "key of fullwidth letters", "edge.k11", event("edge-k11", "\uff41.b", WINDOW), "invalid_event_key");
        // times at the edges of both dialects' ranges and of the time zones: loaded as the UTC instant, or flagged
        String flagged = "payload->>'_occurred_at_source' = 'kafka_timestamp' and occurred_at = to_timestamp("
                + KAFKA_MILLIS / 1000 + ")";
        loadsAt(e, "year 10000 once in UTC", "9999-12-31T23:00:00-05:00", "edge-t1", flagged);
        loadsAt(e, "year 0 once in UTC", "0001-01-01T00:00:00+01:00", "edge-t2", flagged);
        loadsAt(e, "last microsecond of 9999", "9999-12-31T23:59:59.999999Z", "edge-t3",
                "occurred_at = timestamptz '9999-12-31 23:59:59.999999+00'");
        loadsAt(e, "first instant of year 1, written with an offset", "0001-01-01T01:00:00+01:00", "edge-t4",
                "occurred_at = timestamptz '0001-01-01 00:00:00+00'");
        loadsAt(e, "sub-microsecond past the end of 9999", "9999-12-31T23:59:59.9999995Z", "edge-t5", flagged);
        loadsAt(e, "offset +14:00", "2026-11-24T10:00:00+14:00", "edge-t6", "occurred_at = timestamptz '2026-11-23 20:00:00+00'");
        loadsAt(e, "offset -12:00", "2026-11-24T10:00:00-12:00", "edge-t7", "occurred_at = timestamptz '2026-11-24 22:00:00+00'");
        loadsAt(e, "offset +15:00", "2026-11-24T10:00:00+15:00", "edge-t8", flagged);
        e.add(new EdgeEvent("epoch millis past 9999", "edge.t9", "{\"event_id\":\"edge-t9\",\"event_key\":\"edge.t9\",\"occurred_at\":253402300800000}",
                KAFKA_MILLIS, null, 1, null, "edge-t9", flagged, false));
        e.add(new EdgeEvent("no time, Kafka timestamp past 9999", "edge.t10", "{\"event_id\":\"edge-t10\",\"event_key\":\"edge.t10\"}",
                253_402_300_800_000L, null, 1, "invalid_occurred_at", null, null, false));
        // (a producer cannot send a negative timestamp: the low end is covered by the unit tests)
        e.add(new EdgeEvent("no time, Kafka timestamp of the last millisecond of 9999", "edge.t11",
                "{\"event_id\":\"edge-t11\",\"event_key\":\"edge.t11\"}", 253_402_300_799_999L, null, 1, null, "edge-t11",
                "occurred_at = timestamptz '9999-12-31 23:59:59.999+00'", false));
        // ids at the edges of the id rules
        loads(e, "id of 64 bytes", "edge.i1", "i".repeat(64), null);
        loads(e, "id of 32 two-byte characters (64 bytes)", "edge.i2", "\u00e9".repeat(32), null);
        loads(e, "id with the mark inside", "edge.i3", "a~b", null);
        refused(e, "id of 65 bytes", "edge.i4", event("i".repeat(65), "edge.i4", WINDOW), "invalid_event_id");
        refused(e, "id in the derived namespace", "edge.i5", event("~" + eventsTopic + "-0-999", "edge.i5", WINDOW), "invalid_event_id");
        refused(e, "id with a trailing space", "edge.i6", event("edge-i6 ", "edge.i6", WINDOW), "invalid_event_id");
        e.add(new EdgeEvent("id-less dead letter redriven twice", "edge.i7", "{\"event_key\":\"edge.i7\",\"occurred_at\":\"" + WINDOW + "\"}",
                KAFKA_MILLIS, "0:7", 2, null, "~" + dlqTopic + "-0-7", null, false));
        // values: strings, numbers, nesting, emptiness
        loadsWith(e, "string with escapes and separators", "edge-v1", "\"q\\\"b\\\\s\\n\\t\\u2028\\u202e\"", null);
        loadsWith(e, "number beyond double", "edge-v2", "1e400", "(payload->>'data')::numeric = 1e400");
        loadsWith(e, "400-digit integer", "edge-v3", "1" + "0".repeat(399), "length(payload->>'data') = 400");
        loadsWith(e, "negative zero and tiny", "edge-v4", "[-0,-0.0,1e-400]", null);
        loadsWith(e, "empty object", "edge-v5", "{}", null);
        loadsWith(e, "empty array and empty string", "edge-v6", "[[],\"\"]", null);
        loadsWith(e, "63 nested levels under the event", "edge-v7", "[".repeat(63) + "]".repeat(63), null);
        loadsWith(e, "emoji field name", "edge-v8", "{\"\uD83D\uDE00\":\"\u05e9\"}", null);
        refused(e, "64 nested levels under the event", "edge.v9",
                "{\"event_id\":\"edge-v9\",\"event_key\":\"edge.v9\",\"occurred_at\":\"" + WINDOW + "\",\"data\":"
                        + "[".repeat(64) + "]".repeat(64) + "}", "too_deep");
        refused(e, "escaped NUL in a nested value", "edge.v10",
                "{\"event_id\":\"edge-v10\",\"event_key\":\"edge.v10\",\"occurred_at\":\"" + WINDOW + "\",\"data\":{\"a\":[\"\\u0000\"]}}",
                "unsupported_character");
        refused(e, "lone surrogate in a field name", "edge.v11",
                "{\"event_id\":\"edge-v11\",\"event_key\":\"edge.v11\",\"occurred_at\":\"" + WINDOW + "\",\"data\":{\"\\udc00\":1}}",
                // Jackson 2.21's parser itself refuses an unpaired surrogate escape in a field name (in a value it is
                // ours, SanitizingCopier, that refuses it: unsupported_character); either way it goes alone
                "not_json");
        return e;
    }

    /** A good neighbour of {@code key}: {@code id} null for an id-less one. */
    public static byte[] neighbour(String id, String key) {
        return utf8(id == null ? "{\"event_key\":\"" + key + "\",\"occurred_at\":\"" + WINDOW + "\",\"data\":{\"n\":1}}"
                : event(id, key, WINDOW).replace("}", ",\"data\":{\"n\":1}}"));
    }

    private static void loads(List<EdgeEvent> e, String name, String key, String id, String rowCheck) {
        String idJson = id.replace("\\", "\\\\");
        e.add(new EdgeEvent(name, key, event(idJson, key, WINDOW), KAFKA_MILLIS, null, 1, null, decode(id), rowCheck, false));
    }

    private static void loadsAt(List<EdgeEvent> e, String name, String occurredAt, String id, String rowCheck) {
        String key = id.replace('-', '.');
        e.add(new EdgeEvent(name, key, event(id, key, occurredAt), KAFKA_MILLIS, null, 1, null, id, rowCheck, false));
    }

    private static void loadsWith(List<EdgeEvent> e, String name, String id, String dataJson, String rowCheck) {
        String key = id.replace('-', '.');
        String json = event(id, key, WINDOW).replace("}", ",\"data\":" + dataJson + "}");
        e.add(new EdgeEvent(name, key, json, KAFKA_MILLIS, null, 1, null, id, rowCheck, false));
    }

    private static void refused(List<EdgeEvent> e, String name, String groupKey, String json, String reason) {
        e.add(new EdgeEvent(name, groupKey, json, KAFKA_MILLIS, null, 1, reason, null, null, false));
    }

    /** The event as JSON text; {@code id} and {@code key} are JSON string contents (escapes allowed). */
    private static String event(String id, String key, String occurredAt) {
        return "{\"event_id\":\"" + id + "\",\"event_key\":\"" + key + "\",\"occurred_at\":\"" + occurredAt + "\"}";
    }

    /** The Java string a JSON string's contents (with backslash-u escapes only) stand for. */
    private static String decode(String jsonContents) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < jsonContents.length(); i++) {
            char c = jsonContents.charAt(i);
            if (c == '\\' && jsonContents.charAt(i + 1) == 'u') {
                out.append((char) Integer.parseInt(jsonContents.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
