package routes.batch;

import java.util.Locale;

/** Why a record goes to the dead-letter topic; {@link #code()} is the {@code dlq.reason} header value. */
public enum RejectReason {
    EMPTY,
    TOO_LARGE,
    INVALID_UTF8,
    NOT_JSON,
    NOT_OBJECT,
    TOO_DEEP,
    DUPLICATE_FIELD,
    MISSING_EVENT_KEY,
    INVALID_EVENT_KEY,
    INVALID_EVENT_ID,
    /** No usable {@code occurred_at} and a Kafka record timestamp outside the warehouse's range either. */
    INVALID_OCCURRED_AT,
    UNSUPPORTED_CHARACTER,
    /** A string or field name longer than the warehouse holds (Redshift SUPER only). */
    STRING_TOO_LONG,
    /** A number the warehouse cannot hold exactly (Redshift SUPER only). */
    NUMBER_OUT_OF_RANGE;

    private final String code = name().toLowerCase(Locale.ROOT);

    /** lower_snake form, e.g. {@code not_json}. */
    public String code() {
        return code;
    }
}
