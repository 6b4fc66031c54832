package routes.fields;

import routes.contract.FieldType;

import java.time.Instant;

/**
 * One change in an event key's fields, as the field history ({@code event_pipeline.event_fields}) records it: a
 * path seen for the first time, a path seen with a type it never had, or a path not seen for longer than the
 * configured time. Never a value.
 *
 * @param at when the change happened: the first-seen time of the new path or type, the last-seen time of a path
 *           gone quiet
 */
public record FieldChange(String eventKey, String path, FieldType type, Kind kind, Instant at) {

    public enum Kind { NEW_PATH, NEW_TYPE, NOT_SEEN }
}
