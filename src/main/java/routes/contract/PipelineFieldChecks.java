package routes.contract;

import java.nio.charset.StandardCharsets;

/**
 * The contract's rules for the values of {@code event_key}, {@code event_id} and {@code batch_id}: one rule per
 * field, applied by every stage (admission, the object key, the notification, the loader), so a value one stage
 * accepts is never refused by a later one and takes its batch down with it.
 */
public final class PipelineFieldChecks {

    /** Event keys are ASCII ({@code [A-Za-z0-9_.:-]}), so this is also their length in bytes. */
    public static final int MAX_EVENT_KEY_CHARS = 128;
    /** Redshift {@code VARCHAR(64)} counts bytes, so the limit is 64 UTF-8 bytes (64 chars when ASCII). */
    public static final int MAX_EVENT_ID_BYTES = 64;
    /** The ledger's and the notification's {@code VARCHAR(128)}; batch ids are ASCII. */
    public static final int MAX_BATCH_ID_CHARS = 128;
    /**
     * First character of every id the pipeline derives ({@code ~<topic>-<partition>-<offset>}) and of no id a
     * producer may send: a producer cannot pre-claim the derived id of another app's record.
     */
    public static final char DERIVED_EVENT_ID_MARK = '~';

    private static final String EVENT_ID_TOO_LONG = "event_id is longer than " + MAX_EVENT_ID_BYTES + " UTF-8 bytes";

    /**
     * The event-key rule in words, for refusal reasons. {@code ..} is refused because the key is a segment of
     * the object key, where the loader refuses {@code ..} as a path walk.
     */
    public static final String EVENT_KEY_RULE = "1-" + MAX_EVENT_KEY_CHARS + " characters of [A-Za-z0-9_.:-] without '..'";
    /** The batch-id rule in words; a batch id is the object's file name, so {@code ..} is refused as in keys. */
    public static final String BATCH_ID_RULE = "1-" + MAX_BATCH_ID_CHARS + " characters of [A-Za-z0-9_.=+-] without '..'";

    private PipelineFieldChecks() {
    }

    /** {@link #EVENT_KEY_RULE}. */
    public static boolean isValidEventKey(String key) {
        return key != null && isWithin(key, MAX_EVENT_KEY_CHARS, false);
    }

    public static boolean isEventKeyChar(char c) {
        return isAsciiAlphanumeric(c) || c == '_' || c == '.' || c == ':' || c == '-';
    }

    /** {@link #BATCH_ID_RULE}. */
    public static boolean isValidBatchId(String batchId) {
        return batchId != null && isWithin(batchId, MAX_BATCH_ID_CHARS, true);
    }

    /** 1..max chars, each an event-key char (or, for batch ids, a batch-id char), no {@code ..}. */
    private static boolean isWithin(String s, int max, boolean batchId) {
        int n = s.length();
        if (n == 0 || n > max) {
            return false;
        }
        char previous = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean allowed = batchId ? isAsciiAlphanumeric(c) || c == '_' || c == '.' || c == '=' || c == '+' || c == '-'
                    : isEventKeyChar(c);
            if (!allowed || (c == '.' && previous == '.')) {
                return false;
            }
            previous = c;
        }
        return true;
    }

    private static boolean isAsciiAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /**
     * Why {@code id} is not an event id a producer may send, or null when it is: non-empty, at most 64 UTF-8 bytes,
     * no control characters, no whitespace at either end, not starting with {@link #DERIVED_EVENT_ID_MARK}. The
     * detail names the rule, never the id.
     */
    public static String eventIdProblem(String id) {
        String problem = storedEventIdProblem(id);
        if (problem == null && id.charAt(0) == DERIVED_EVENT_ID_MARK) {
            return "event_id starts with '" + DERIVED_EVENT_ID_MARK + "' (reserved for ids the pipeline derives)";
        }
        return problem;
    }

    /**
     * Why {@code id} cannot be stored as an event id, or null when it can: {@link #eventIdProblem}'s rule without
     * the reserved first character, so it holds for sent and derived ids alike (what the loader may accept).
     */
    public static String storedEventIdProblem(String id) {
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
