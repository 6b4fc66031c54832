package routes.contract;

import java.nio.charset.StandardCharsets;

/**
 * The contract's rules for the values of {@code event_key} and {@code event_id}. The limits are public: the
 * loader's stage check enforces the same ones on what it reads back.
 */
public final class PipelineFieldChecks {

    /** Event keys are ASCII ({@code [A-Za-z0-9_.:-]}), so this is also their length in bytes. */
    public static final int MAX_EVENT_KEY_CHARS = 128;
    /** Redshift {@code VARCHAR(64)} counts bytes, so the limit is 64 UTF-8 bytes (64 chars when ASCII). */
    public static final int MAX_EVENT_ID_BYTES = 64;
    private static final String EVENT_ID_TOO_LONG = "event_id is longer than " + MAX_EVENT_ID_BYTES + " UTF-8 bytes";

    /** The event-key rule as a regular expression, for patterns that embed it (the object-key layout). */
    public static final String EVENT_KEY_REGEX = "[A-Za-z0-9_.:-]{1," + MAX_EVENT_KEY_CHARS + "}";
    /** The event-key rule in words, for refusal reasons. */
    public static final String EVENT_KEY_RULE = "1-" + MAX_EVENT_KEY_CHARS + " characters of [A-Za-z0-9_.:-]";

    private PipelineFieldChecks() {
    }

    /** 1–128 chars of {@code [A-Za-z0-9_.:-]}. */
    public static boolean isValidEventKey(String key) {
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

    public static boolean isEventKeyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '.' || c == ':' || c == '-';
    }

    /**
     * Why {@code id} is not a valid event id, or null when it is: non-empty, at most 64 UTF-8 bytes, no control
     * characters, no whitespace at either end. The detail names the rule, never the id.
     */
    public static String eventIdProblem(String id) {
        int n = id.length();
        if (n == 0) {
            return "event_id is empty";
        }
        if (n > MAX_EVENT_ID_BYTES) {
            return EVENT_ID_TOO_LONG;
        }
        boolean ascii = true;
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c)) {
                return "event_id contains a control character";
            }
            ascii &= c < 0x80;
        }
        if (isWhitespace(id.codePointAt(0)) || isWhitespace(id.codePointBefore(n))) {
            // Redshift compares VARCHAR ignoring trailing spaces: 'a' and 'a ' would dedupe as one event.
            return "event_id starts or ends with whitespace (Redshift ignores trailing spaces when comparing)";
        }
        if (!ascii && id.getBytes(StandardCharsets.UTF_8).length > MAX_EVENT_ID_BYTES) {
            return EVENT_ID_TOO_LONG;
        }
        return null;
    }

    /** Java whitespace plus the space separators it leaves out (no-break spaces such as U+00A0 and U+202F). */
    private static boolean isWhitespace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }
}
