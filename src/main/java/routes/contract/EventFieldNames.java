package routes.contract;

import java.util.Set;

/** Names of the three top-level fields that mean something to the pipeline (matched exactly, case-sensitive). */
public record EventFieldNames(String eventId, String eventKey, String occurredAt) {

    public EventFieldNames {
        for (String name : new String[] {eventId, eventKey, occurredAt}) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("event field names must be non-blank");
            }
        }
        if (Set.of(eventId, eventKey, occurredAt).size() != 3) {
            throw new IllegalArgumentException("event field names must be distinct");
        }
    }

    public static EventFieldNames defaults() {
        return new EventFieldNames("event_id", "event_key", "occurred_at");
    }
}
