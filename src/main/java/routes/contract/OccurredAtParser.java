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
 * The pipeline's range is checked on the UTC instant the warehouse stores, not on the local date as written:
 * {@code 9999-12-31T23:00:00-05:00} is year 10000 in UTC and {@code 0001-01-01T00:00:00+01:00} year 0, and both
 * are invalid. The range, 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z, lies inside both dialects'
 * TIMESTAMPTZ (4713 BC to 294276 AD, 1 microsecond: PostgreSQL's datetime types and
 * https://docs.aws.amazon.com/redshift/latest/dg/r_Datetime_types.html), and every instant in it has a
 * four-digit-year ISO form both read back; its upper end is a whole microsecond, so no value rounds past it.
 * The text as written stays in the event (Redshift casts it), so its own year must also have four digits and
 * its offset stay within {@link #MAX_OFFSET_HOURS}:59.
 * Every stage uses this one rule: admission (the event's time and the Kafka-timestamp fallback), the
 * notification's min/max ({@code routes.load.NotificationValidator}) and the staged rows
 * ({@code routes.load.PostgresBatchStager}).
 */
public final class OccurredAtParser {

    public static final Instant MIN_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999999Z");
    public static final long MIN_EPOCH_MILLIS = MIN_INSTANT.toEpochMilli();
    public static final long MAX_EPOCH_MILLIS = MAX_INSTANT.toEpochMilli();
    /**
     * Largest offset as written: Redshift reads the text itself (TRY_CAST of the SUPER string) and documents zone
     * displacements up to 14:59 (TIMETZ, same page); PostgreSQL allows 15:59. Real zones end at +14:00.
     */
    static final int MAX_OFFSET_HOURS = 14;
    private static final int MAX_OFFSET_SECONDS = MAX_OFFSET_HOURS * 3600 + 59 * 60;
    /** The range in words, for refusal reasons. */
    public static final String RANGE_RULE = "0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z (UTC)";

    private OccurredAtParser() {
    }

    /** @return the instant, or null when the text is not an ISO-8601 date-time with offset whose instant is in range */
    public static Instant parseIso(String text) {
        if (text == null || text.length() < 16 || text.length() > 64) {
            return null;
        }
        Instant common = parseCommonShape(text);
        if (common != null) {
            return inRange(common) ? common : null;
        }
        try {
            OffsetDateTime t = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, OffsetDateTime::from);
            boolean writable = t.getYear() >= 1 && t.getYear() <= 9999
                    && Math.abs(t.getOffset().getTotalSeconds()) <= MAX_OFFSET_SECONDS;
            return writable && inRange(t.toInstant()) ? t.toInstant() : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Whether a JSON string's characters are an instant {@link #parseIso} accepts: the field history's
     * {@code timestamp} type, so that a view's cast to TIMESTAMPTZ reads what admission would read as occurred_at.
     * A look at the shape's fixed characters comes first, so most strings are answered without allocating.
     */
    public static boolean isIsoInstant(char[] chars, int offset, int length) {
        if (length < 16 || length > 64) {
            return false;
        }
        int i = offset;
        char t = chars[i + 10];
        boolean shaped = chars[i + 4] == '-' && chars[i + 7] == '-' && (t == 'T' || t == 't')
                && isDigit(chars[i]) && isDigit(chars[i + 1]) && isDigit(chars[i + 2]) && isDigit(chars[i + 3]);
        return shaped && parseIso(new String(chars, offset, length)) != null;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Whether the warehouse stores {@code instant} as it is (the class comment's range). */
    public static boolean inRange(Instant instant) {
        return !instant.isBefore(MIN_INSTANT) && !instant.isAfter(MAX_INSTANT);
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
            if ((oh | om) < 0 || oh > MAX_OFFSET_HOURS || om > 59) {
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

    /** @return the instant, or null when the millis are outside the range (the Kafka-timestamp fallback too) */
    public static Instant fromEpochMillis(long millis) {
        return millis >= MIN_EPOCH_MILLIS && millis <= MAX_EPOCH_MILLIS ? Instant.ofEpochMilli(millis) : null;
    }
}
