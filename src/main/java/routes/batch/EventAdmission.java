package routes.batch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.function.Supplier;
import routes.contract.EventFieldNames;

/**
 * The batcher's admission step for one Kafka record: validates, normalises and sanitizes the value in one parse
 * and one write. Thread-safe; pure (no I/O, no logging).
 */
public final class EventAdmission {

    private final EventSizeLimits limits;
    private final EventFieldNames fields;
    private final SanitizeRules rules;
    private final WarehouseValueLimits values;
    private final FieldObservationLimits observation;
    private final JsonFactory json;
    private final DerivedEventIds derivedIds = new DerivedEventIds();
    /** Per polling thread: the paths its events' fields had before ({@link FieldPathCache}). */
    private final ThreadLocal<FieldPathCache> pathCaches = ThreadLocal.withInitial(FieldPathCache::new);

    /** Admission that does not observe the events' fields. */
    public EventAdmission(EventSizeLimits limits, EventFieldNames fields, SanitizeRules rules, WarehouseValueLimits values) {
        this(limits, fields, rules, values, FieldObservationLimits.OFF);
    }

    /**
     * @param values      what the warehouse's column holds (dialect-specific: {@link WarehouseValueLimits})
     * @param observation bounds of the field observation made while copying ({@link FieldObserver})
     */
    public EventAdmission(EventSizeLimits limits, EventFieldNames fields, SanitizeRules rules, WarehouseValueLimits values,
                          FieldObservationLimits observation) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.fields = Objects.requireNonNull(fields, "fields");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.values = Objects.requireNonNull(values, "values");
        this.observation = Objects.requireNonNull(observation, "observation");
        for (String name : new String[] {fields.eventId(), fields.eventKey(), fields.occurredAt()}) {
            if (rules.actionFor(name) != null) {
                throw new IllegalArgumentException("sanitize rules target the pipeline field " + name);
            }
        }
        // Our own depth check rejects at maxDepth + 1; the parser's limit is only the backstop for skipped roots.
        // Numbers and names may be as long as the event: we copy their text and never convert them.
        this.json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth() + 1)
                        .maxNumberLength(limits.maxBytes())
                        .maxNameLength(limits.maxBytes())
                        .maxStringLength(limits.maxBytes())
                        .build())
                // Emoji leave as 4-byte UTF-8, not as an escaped surrogate pair.
                .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                .build();
    }

    /** @param topic {@code partition}, {@code offset}: where an id-less event's id is derived from ({@link DerivedIdOrigin}) */
    public AdmissionVerdict admit(byte[] value, String topic, int partition, long offset, long kafkaTimestampMillis) {
        if (value == null || value.length == 0) {
            return new AdmissionVerdict.Rejected(RejectReason.EMPTY, "empty record value");
        }
        if (value.length > limits.maxBytes()) {
            return new AdmissionVerdict.Rejected(RejectReason.TOO_LARGE,
                    value.length + " bytes, limit " + limits.maxBytes());
        }
        int scan = Utf8Scan.scan(value);
        if (scan == Utf8Scan.INVALID_UTF8) {
            return new AdmissionVerdict.Rejected(RejectReason.INVALID_UTF8, "not valid UTF-8");
        }
        if (scan == Utf8Scan.NUL_BYTE) {
            return new AdmissionVerdict.Rejected(RejectReason.NOT_JSON, "raw NUL byte");
        }
        try {
            return rewrite(value, scan == Utf8Scan.HAS_BACKSLASH, () -> derivedIds.of(topic, partition, offset),
                    kafkaTimestampMillis);
        } catch (Rejection r) {
            return r.toAdmission();
        } catch (StreamConstraintsException e) {
            return new AdmissionVerdict.Rejected(RejectReason.NOT_JSON, "exceeds a parser limit");
        } catch (JsonProcessingException e) {
            return new AdmissionVerdict.Rejected(RejectReason.NOT_JSON, "malformed JSON near byte " + byteOffset(e));
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory JSON copy failed", e);
        }
    }

    private AdmissionVerdict rewrite(byte[] value, boolean checkChars, Supplier<String> derivedEventId, long kafkaTimestampMillis)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length + 128);
        try (JsonParser p = json.createParser(value); JsonGenerator out = json.createGenerator(bytes)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return new AdmissionVerdict.Rejected(RejectReason.NOT_JSON, "no JSON value");
            }
            if (first != JsonToken.START_OBJECT) {
                return notAnObject(p);
            }
            // Observed in this one pass, after the rules: what the event's fields are as written (issue 31 prices the pass)
            FieldObserver observer = observation.observing() ? new FieldObserver(observation, pathCaches.get()) : null;
            SanitizingCopier copier = new SanitizingCopier(p, json, rules, limits.maxDepth(), checkChars, values, observer);
            EventRewriter event = new EventRewriter(p, out, copier, fields, rules, kafkaTimestampMillis);
            AdmissionVerdict refused = event.rewrite(derivedEventId);
            if (refused != null) {
                return refused;
            }
            out.close();
            return new AdmissionVerdict.Accepted(event.eventKey(), event.eventId(), event.occurredAt(),
                    bytes.toByteArray(), event.occurredAtFlagged(), observer == null ? EventFields.NONE : observer.fields());
        }
    }

    /** A root that is not an object: NOT_OBJECT when it is well-formed JSON (however deep), else NOT_JSON. */
    private static AdmissionVerdict notAnObject(JsonParser p) throws IOException {
        try {
            p.skipChildren();
            if (p.nextToken() != null) {
                return new AdmissionVerdict.Rejected(RejectReason.NOT_JSON, "content after the JSON value");
            }
        } catch (StreamConstraintsException tooDeep) {
            // Deeper than the limit: not an object either way; stop reading.
        }
        return new AdmissionVerdict.Rejected(RejectReason.NOT_OBJECT, "the JSON value is a " + rootKind(p) + ", not an object");
    }

    private static String rootKind(JsonParser p) {
        JsonToken t = p.currentToken();
        if (t == null) {
            return "value";
        }
        return switch (t) {
            case START_ARRAY, END_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> "value";
        };
    }

    private static long byteOffset(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null ? -1 : at.getByteOffset();
    }
}
