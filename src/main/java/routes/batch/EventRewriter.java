package routes.batch;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Supplier;
import routes.contract.EventFieldNames;
import routes.contract.FieldType;
import routes.contract.OccurredAtParser;
import routes.contract.PipelineFieldChecks;

/**
 * Walks the top-level object of one event: reads the three pipeline fields, copies everything else through the
 * {@link SanitizingCopier}, then decides accept, drop or reject. One instance per event; not thread-safe.
 */
final class EventRewriter {

    static final String OCCURRED_AT_SOURCE = "_occurred_at_source";
    static final String OCCURRED_AT_ORIGINAL = "_occurred_at_original";
    static final String KAFKA_TIMESTAMP = "kafka_timestamp";

    private final JsonParser p;
    private final JsonGenerator out;
    private final SanitizingCopier copier;
    private final EventFieldNames names;
    private final SanitizeRules rules;
    private final Instant kafkaTime;

    private boolean keySeen;
    private String eventKey;
    private String eventId;
    /** Why a present, non-null event_id was refused; null while it is absent, null or valid. */
    private String idProblem;
    private boolean occurredAtSeen;
    private Instant occurredAt;
    private String occurredAtOriginal;
    private boolean flagged;

    EventRewriter(JsonParser p, JsonGenerator out, SanitizingCopier copier, EventFieldNames names,
                  SanitizeRules rules, long kafkaTimestampMillis) {
        this.p = p;
        this.out = out;
        this.copier = copier;
        this.names = names;
        this.rules = rules;
        this.kafkaTime = Instant.ofEpochMilli(kafkaTimestampMillis);
    }

    /** Copies the object whose START_OBJECT is the current token; returns null when accepted, else the outcome. */
    AdmissionVerdict rewrite(Supplier<String> derivedEventId) throws IOException {
        out.writeStartObject();
        FieldNameSet seen = new FieldNameSet();
        for (JsonToken f = p.nextToken(); f != JsonToken.END_OBJECT; f = p.nextToken()) {
            String name = copier.fieldName(f, seen);
            JsonToken v = p.nextToken();
            if (name.equals(names.eventKey())) {
                readEventKey(v);
            } else if (name.equals(names.eventId())) {
                readEventId(v);
            } else if (name.equals(names.occurredAt())) {
                readOccurredAt(v);
            } else if (name.equals(OCCURRED_AT_SOURCE) || name.equals(OCCURRED_AT_ORIGINAL)) {
                // Reserved for the pipeline's own flag, so the flag in the warehouse means one thing.
                copier.copyValue(v, null, 1, SanitizingCopier.Mode.SKIP);
            } else {
                copier.copyField(name, v, out, 1, SanitizingCopier.Mode.SANITIZED);
            }
        }
        if (p.nextToken() != null) {
            return new AdmissionVerdict.Rejected(RejectReason.NOT_JSON, "content after the JSON object");
        }
        AdmissionVerdict refused = refusal();
        if (refused != null) {
            return refused;
        }
        finish(derivedEventId);
        return null;
    }

    private void readEventKey(JsonToken v) throws IOException {
        keySeen = v != JsonToken.VALUE_NULL;
        if (v == JsonToken.VALUE_STRING) {
            String key = copier.scalarText(v);
            if (PipelineFieldChecks.isValidEventKey(key)) {
                eventKey = key;
                out.writeStringField(names.eventKey(), key);
                return;
            }
        }
        copier.copyValue(v, null, 1, SanitizingCopier.Mode.SKIP);
    }

    private void readEventId(JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            String id = copier.scalarText(v);
            idProblem = PipelineFieldChecks.eventIdProblem(id);
            if (idProblem == null) {
                eventId = id;
                out.writeStringField(names.eventId(), id);
                return;
            }
        } else if (v != JsonToken.VALUE_NULL) {
            idProblem = "event_id must be a string";
        }
        copier.copyValue(v, null, 1, SanitizingCopier.Mode.SKIP);
    }

    private void readOccurredAt(JsonToken v) throws IOException {
        occurredAtSeen = true;
        if (v == JsonToken.VALUE_STRING) {
            String text = copier.scalarText(v);
            occurredAt = OccurredAtParser.parseIso(text);
            if (occurredAt != null) {
                out.writeStringField(names.occurredAt(), text);
                return;
            }
        } else if (v == JsonToken.VALUE_NUMBER_INT && p.getTextLength() <= 20
                && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            occurredAt = OccurredAtParser.fromEpochMillis(p.getLongValue());
            if (occurredAt != null) {
                out.writeStringField(names.occurredAt(), occurredAt.toString());
                return;
            }
        }
        if (v != JsonToken.VALUE_NULL) {
            // Sanitized like any other value, kept so nobody loses what the app sent.
            occurredAtOriginal = new String(copier.captureField(OCCURRED_AT_ORIGINAL, v, 1), StandardCharsets.UTF_8);
        }
        out.writeStringField(names.occurredAt(), kafkaTime.toString());
    }

    private AdmissionVerdict refusal() {
        if (eventKey == null) {
            return keySeen
                    ? new AdmissionVerdict.Rejected(RejectReason.INVALID_EVENT_KEY,
                            "event_key must be " + PipelineFieldChecks.EVENT_KEY_RULE)
                    : new AdmissionVerdict.Rejected(RejectReason.MISSING_EVENT_KEY, "event_key is missing or null");
        }
        if (idProblem != null) {
            return new AdmissionVerdict.Rejected(RejectReason.INVALID_EVENT_ID, idProblem);
        }
        if (occurredAt == null && !OccurredAtParser.inRange(kafkaTime)) {
            // The fallback is held to the event's own rule: a producer can set any record timestamp.
            return new AdmissionVerdict.Rejected(RejectReason.INVALID_OCCURRED_AT,
                    "occurred_at missing or invalid, and the Kafka timestamp is outside " + OccurredAtParser.RANGE_RULE);
        }
        return rules.dropRule(eventKey).<AdmissionVerdict>map(rule -> new AdmissionVerdict.Dropped(eventKey, rule)).orElse(null);
    }

    private void finish(Supplier<String> derivedEventId) throws IOException {
        if (eventId == null) {
            eventId = derivedEventId.get();
            out.writeStringField(names.eventId(), eventId);
        }
        if (!occurredAtSeen) {
            out.writeStringField(names.occurredAt(), kafkaTime.toString());
        }
        if (occurredAt == null) {
            occurredAt = kafkaTime;
            flagged = true;
            copier.written(OCCURRED_AT_SOURCE, FieldType.STRING);
            out.writeStringField(OCCURRED_AT_SOURCE, KAFKA_TIMESTAMP);
            if (occurredAtOriginal != null) {
                out.writeFieldName(OCCURRED_AT_ORIGINAL);
                out.writeRawValue(occurredAtOriginal);
            }
        }
        out.writeEndObject();
    }

    String eventKey() {
        return eventKey;
    }

    String eventId() {
        return eventId;
    }

    Instant occurredAt() {
        return occurredAt;
    }

    boolean occurredAtFlagged() {
        return flagged;
    }
}
