package routes.fields;

import routes.contract.FieldType;

import java.time.Instant;

/** One row of the field history ({@code event_pipeline.event_fields}): a path of an event key with one of its types. */
public record FieldHistoryRow(String eventKey, String path, FieldType type, Instant firstSeen, Instant lastSeen,
                              long eventsSeen) {
}
