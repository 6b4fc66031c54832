package routes.batch;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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
}
