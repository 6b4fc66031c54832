package routes.batch;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads {@code occurred_at}: an ISO-8601 date-time with offset (or {@code Z}), or integral epoch milliseconds.
 * Years outside 0001–9999 are treated as invalid, so every accepted value has a four-digit-year ISO form.
 */
final class OccurredAtParser {

    static final long MIN_EPOCH_MILLIS = Instant.parse("0001-01-01T00:00:00Z").toEpochMilli();
    static final long MAX_EPOCH_MILLIS = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

    private OccurredAtParser() {
    }

    /** @return the instant, or null when the text is not an ISO-8601 date-time with offset in years 0001–9999 */
    static Instant parseIso(String text) {
        if (text.length() < 16 || text.length() > 64) {
            return null;
        }
        try {
            OffsetDateTime t = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, OffsetDateTime::from);
            int year = t.getYear();
            return year >= 1 && year <= 9999 ? t.toInstant() : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** @return the instant, or null when the millis are outside years 0001–9999 */
    static Instant fromEpochMillis(long millis) {
        return millis >= MIN_EPOCH_MILLIS && millis <= MAX_EPOCH_MILLIS ? Instant.ofEpochMilli(millis) : null;
    }
}
