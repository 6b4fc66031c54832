package routes.batch;

import java.time.Instant;

/** The outcome of admitting one Kafka record: accepted (sanitized), dropped by a rule, or rejected to the DLQ. */
public sealed interface AdmissionVerdict permits AdmissionVerdict.Accepted, AdmissionVerdict.Dropped, AdmissionVerdict.Rejected {

    /**
     * @param json              the sanitized event: compact UTF-8 JSON, one line, no trailing newline
     * @param occurredAtFlagged true when {@code occurredAt} is the Kafka record timestamp, not the event's own
     * @param fields            its leaf paths and types as written ({@link EventFields#NONE} when not observed)
     */
    record Accepted(String eventKey, String eventId, Instant occurredAt, byte[] json, boolean occurredAtFlagged,
                    EventFields fields) implements AdmissionVerdict {

        /** An event whose fields were not observed. */
        public Accepted(String eventKey, String eventId, Instant occurredAt, byte[] json, boolean occurredAtFlagged) {
            this(eventKey, eventId, occurredAt, json, occurredAtFlagged, EventFields.NONE);
        }

        @Override
        public String toString() {
            // Never print the event itself.
            return "Accepted[eventKey=" + eventKey + ", eventId=" + eventId + ", occurredAt=" + occurredAt
                    + ", bytes=" + json.length + ", occurredAtFlagged=" + occurredAtFlagged + "]";
        }
    }

    /** @param rule the drop rule that matched, e.g. {@code drop *.heartbeat} */
    record Dropped(String eventKey, String rule) implements AdmissionVerdict {
    }

    /** @param detail short and free of event content: safe for headers and logs */
    record Rejected(RejectReason reason, String detail) implements AdmissionVerdict {
    }
}
