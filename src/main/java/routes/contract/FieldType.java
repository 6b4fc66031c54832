package routes.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/**
 * The type of one observed leaf of an event, as the batcher saw it after sanitizing (a masked field is a
 * {@link #STRING}). Written lower case in topic-B notifications and in {@code event_pipeline.event_fields}.
 * An {@link #OBJECT} or {@link #ARRAY} is a leaf only where the batcher does not descend: arrays always, objects
 * when empty or deeper than the observation's depth bound.
 */
public enum FieldType {
    STRING, INTEGER, DECIMAL, BOOLEAN, TIMESTAMP, OBJECT, ARRAY, NULL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static FieldType ofWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown field type: " + name));
    }
}
