package routes.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import routes.contract.FieldType;
import routes.contract.ObservedField;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The field observations a canary notification carries, so that the canary's load writes the field history as a
 * loader's does (then rolls it back): each event's top-level fields with their JSON types, counted. A rehearsal of
 * the loader's statements, not of the batcher's observation (which descends into objects and tells timestamps apart
 * by their text; here only {@code occurred_at} is a timestamp).
 */
final class CanaryFields {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CanaryFields() {
    }

    static List<ObservedField> of(List<byte[]> lines) {
        Map<List<Object>, Long> counts = new LinkedHashMap<>();
        for (byte[] line : lines) {
            JsonNode event;
            try {
                event = JSON.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = event.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                counts.merge(List.of(f.getKey(), type(f.getKey(), f.getValue())), 1L, Long::sum);
            }
        }
        List<ObservedField> fields = new ArrayList<>();
        counts.forEach((k, n) -> fields.add(new ObservedField((String) k.get(0), (FieldType) k.get(1), n)));
        return fields;
    }

    private static FieldType type(String name, JsonNode v) {
        if (v.isTextual()) {
            return name.equals("occurred_at") ? FieldType.TIMESTAMP : FieldType.STRING;
        }
        if (v.isIntegralNumber()) {
            return FieldType.INTEGER;
        }
        if (v.isNumber()) {
            return FieldType.DECIMAL;
        }
        if (v.isBoolean()) {
            return FieldType.BOOLEAN;
        }
        return v.isObject() ? FieldType.OBJECT : v.isArray() ? FieldType.ARRAY : FieldType.NULL;
    }
}
