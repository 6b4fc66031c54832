package routes.batch;

import java.nio.charset.StandardCharsets;

/** The contract's rules for the values of {@code event_key} and {@code event_id}. */
final class PipelineFieldChecks {

    static final int MAX_EVENT_KEY_CHARS = 128;
    /** Redshift {@code VARCHAR(64)} counts bytes, so the limit is 64 UTF-8 bytes (64 chars when ASCII). */
    static final int MAX_EVENT_ID_BYTES = 64;

    private PipelineFieldChecks() {
    }

    /** 1–128 chars of {@code [A-Za-z0-9_.:-]}. */
    static boolean isValidEventKey(String key) {
        int n = key.length();
        if (n == 0 || n > MAX_EVENT_KEY_CHARS) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!isEventKeyChar(key.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isEventKeyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '.' || c == ':' || c == '-';
    }

    /** Non-empty, at most 64 UTF-8 bytes, no control characters. */
    static boolean isValidEventId(String id) {
        int n = id.length();
        if (n == 0 || n > MAX_EVENT_ID_BYTES) {
            return false;
        }
        boolean ascii = true;
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            ascii &= c < 0x80;
        }
        return ascii || id.getBytes(StandardCharsets.UTF_8).length <= MAX_EVENT_ID_BYTES;
    }
}
