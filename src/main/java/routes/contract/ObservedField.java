package routes.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One leaf path of a batch's events with one type, and how many of the batch's events carried it so: what a
 * topic-B notification (version 3) tells the loader about the batch's fields. Never a value.
 *
 * @param path   the field names from the event's root to the leaf, joined with {@code .}
 * @param type   the leaf's type after sanitizing
 * @param events how many events of the batch carried this path with this type
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ObservedField(
        @JsonProperty("path") String path,
        @JsonProperty("type") FieldType type,
        @JsonProperty("events") long events) {
}
