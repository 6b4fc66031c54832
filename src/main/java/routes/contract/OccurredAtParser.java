package routes.contract;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads {@code occurred_at}: an ISO-8601 date-time with offset (or {@code Z}), or integral epoch milliseconds.
 * Years outside 0001–9999 are treated as invalid, so every accepted value has a four-digit-year ISO form.
 * The loader checks the staged rows with the same rule ({@code routes.load.PostgresBatchStager}).
 */
public final class OccurredAtParser {

    public static final long MIN_EPOCH_MILLIS = Instant.parse("0001-01-01T00:00:00Z").toEpochMilli();
    public static final long MAX_EPOCH_MILLIS = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

    private OccurredAtParser() {
    }

    /** @return the instant, or null when the text is not an ISO-8601 date-time with offset in years 0001–9999 */
    public static Instant parseIso(String text) {
        if (text.length() < 16 || text.length() > 64) {
            return null;
        }
        Instant common = parseCommonShape(text);
        if (common != null) {
            return common;
        }
        try {
            OffsetDateTime t = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, OffsetDateTime::from);
            int year = t.getYear();
            return year >= 1 && year <= 9999 ? t.toInstant() : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Hot path for {@code yyyy-MM-ddTHH:mm:ss[.fffffffff](Z|+HH:MM)}, the shape nearly every event uses; anything
     * else (or any out-of-range value) returns null and goes to the full ISO parser, which decides.
     */
    private static Instant parseCommonShape(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || year < 1) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                nanos = nanos * 10 + (s.charAt(i++) - '0');
            }
            if (i == start) {
                return null;
            }
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if ((oh | om) < 0 || oh > 18 || om > 59 || (oh == 18 && om > 0)) {
                return null;
            }
            offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
            return local.toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** @return the decimal value of {@code count} ASCII digits at {@code from}, or -1 */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** @return the instant, or null when the millis are outside years 0001–9999 */
    public static Instant fromEpochMillis(long millis) {
        return millis >= MIN_EPOCH_MILLIS && millis <= MAX_EPOCH_MILLIS ? Instant.ofEpochMilli(millis) : null;
    }
}
