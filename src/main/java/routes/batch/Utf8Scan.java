package routes.batch;

/**
 * One strict pass over the raw bytes: UTF-8 validity (RFC 3629: no overlong forms, no encoded surrogates,
 * nothing above U+10FFFF), raw NUL bytes, and whether any backslash exists (without one, no string can hold
 * an escaped U+0000 or lone surrogate, so the per-string character check can be skipped).
 */
final class Utf8Scan {

    static final int VALID = 0;
    static final int HAS_BACKSLASH = 1;
    static final int INVALID_UTF8 = -1;
    static final int NUL_BYTE = -2;

    private Utf8Scan() {
    }

    /** @return {@link #VALID} or {@link #HAS_BACKSLASH} when valid, else {@link #INVALID_UTF8} or {@link #NUL_BYTE} */
    static int scan(byte[] b) {
        int flags = VALID;
        int i = 0;
        int n = b.length;
        while (i < n) {
            int c = b[i];
            if (c > 0) {
                if (c == '\\') {
                    flags = HAS_BACKSLASH;
                }
                i++;
                continue;
            }
            if (c == 0) {
                // UTF-8 JSON never holds a raw NUL; without this check a UTF-16 document would be auto-detected.
                return NUL_BYTE;
            }
            int lead = c & 0xFF;
            int len;
            int min;
            int lo = 0x80;
            int hi = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                len = 2;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                len = 3;
                if (lead == 0xE0) {
                    lo = 0xA0; // overlong
                } else if (lead == 0xED) {
                    hi = 0x9F; // UTF-16 surrogates
                }
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                len = 4;
                if (lead == 0xF0) {
                    lo = 0x90; // overlong
                } else if (lead == 0xF4) {
                    hi = 0x8F; // above U+10FFFF
                }
            } else {
                return INVALID_UTF8; // continuation byte as lead, C0/C1 overlong, F5..FF
            }
            if (i + len > n) {
                return INVALID_UTF8;
            }
            int second = b[i + 1] & 0xFF;
            if (second < lo || second > hi) {
                return INVALID_UTF8;
            }
            for (int k = 2; k < len; k++) {
                if ((b[i + k] & 0xC0) != 0x80) {
                    return INVALID_UTF8;
                }
            }
            i += len;
        }
        return flags;
    }
}
