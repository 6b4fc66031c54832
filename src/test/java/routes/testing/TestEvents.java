package routes.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Events with known ids and keys, shaped like the apps' (PII included), for counting them downstream. */
public final class TestEvents {

    public static final String SSN_PREFIX = "900-12-";
    public static final String EMAIL_DOMAIN = "@pii.example.com";

    private TestEvents() {
    }

    public static String id(int i) {
        return String.format("ev-%07d", i);
    }

    public static String key(int i, int keys) {
        return "test.key" + (i % keys) + ".happened";
    }

    public static byte[] event(int i, int keys) {
        String json = "{\"event_id\":\"" + id(i) + "\",\"event_key\":\"" + key(i, keys)
                + "\",\"occurred_at\":\"2026-11-24T10:" + String.format("%02d", i % 60) + ":00.000-05:00\""
                + ",\"source\":\"rails-web-1\",\"data\":{\"seq\":" + i + ",\"employee\":{\"ssn\":\"" + SSN_PREFIX
                + String.format("%04d", i % 10000) + "\",\"email\":\"person" + i + EMAIL_DOMAIN + "\",\"name\":\"Ольга\"}}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    public static List<byte[]> events(int count, int keys) {
        List<byte[]> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(event(i, keys));
        }
        return events;
    }
}
