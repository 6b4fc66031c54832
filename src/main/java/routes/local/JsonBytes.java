package routes.local;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable UTF-8 buffer; {@link #raw} is only for text built here, which needs no escaping. */
final class JsonBytes {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private byte[] bytes;
    private int size;

    JsonBytes(int capacity) {
        bytes = new byte[capacity];
    }

    void reset() {
        size = 0;
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    JsonBytes raw(String ascii) {
        return raw(ascii, ascii.length());
    }

    JsonBytes raw(String ascii, int length) {
        ensure(length);
        for (int i = 0; i < length; i++) {
            bytes[size++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    JsonBytes utf8(byte[] encoded) {
        ensure(encoded.length);
        System.arraycopy(encoded, 0, bytes, size, encoded.length);
        size += encoded.length;
        return this;
    }

    JsonBytes number(long value) {
        return raw(Long.toString(value));
    }

    /** {@code value} left-padded with zeros to {@code width} digits. */
    JsonBytes digits(long value, int width) {
        ensure(width);
        for (int i = width - 1; i >= 0; i--) {
            bytes[size + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size += width;
        return this;
    }

    /** A version-4 UUID from two random longs, dashed (event ids) or plain hex (Rails request ids). */
    JsonBytes uuid(long high, long low, boolean dashed) {
        high = (high & ~0xF000L) | 0x4000L;
        low = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        ensure(36);
        for (int nibble = 0; nibble < 32; nibble++) {
            if (dashed && (nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20)) {
                bytes[size++] = '-';
            }
            long word = nibble < 16 ? high : low;
            bytes[size++] = (byte) HEX[(int) (word >>> (60 - 4 * (nibble % 16))) & 0xF];
        }
        return this;
    }

    /** A JSON string literal of text that came from outside, escaped. */
    JsonBytes string(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return utf8(quoted.append('"').toString().getBytes(StandardCharsets.UTF_8));
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
