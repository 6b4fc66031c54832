package routes.fields;

import routes.contract.FieldType;

import java.util.EnumSet;
import java.util.Set;

/**
 * The type of a path's column in its key's view, from the types the field history holds for the path (nulls aside):
 * one type gives its typed column; integer and decimal widen to a number; any other mix, or only nulls, gives text.
 */
public enum ViewColumnType {
    /** integer only */
    BIGINT,
    /** decimal, or integer and decimal */
    NUMBER,
    BOOLEAN,
    /** timestamp-like strings only */
    TIMESTAMP,
    /** strings only */
    STRING,
    /** objects only, or arrays only: the JSON itself (jsonb / SUPER) */
    JSON,
    /** any other mix, or only nulls: strings as they are, other values as JSON text */
    TEXT;

    public static ViewColumnType resolve(Set<FieldType> seen) {
        Set<FieldType> types = seen.isEmpty() ? EnumSet.noneOf(FieldType.class) : EnumSet.copyOf(seen);
        types.remove(FieldType.NULL);
        if (types.size() == 2 && types.contains(FieldType.INTEGER) && types.contains(FieldType.DECIMAL)) {
            return NUMBER;
        }
        if (types.size() != 1) {
            return TEXT;
        }
        return switch (types.iterator().next()) {
            case INTEGER -> BIGINT;
            case DECIMAL -> NUMBER;
            case BOOLEAN -> BOOLEAN;
            case TIMESTAMP -> TIMESTAMP;
            case STRING -> STRING;
            case OBJECT, ARRAY -> JSON;
            case NULL -> TEXT;
        };
    }
}
