package routes.fields;

import routes.contract.BatchNotification;
import routes.contract.FieldType;
import routes.contract.ObservedField;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many events of one load carried {@code path} with {@code type} under {@code eventKey}: the batches' observations
 * summed, one row of the load's field-history statement.
 */
public record FieldCount(String eventKey, String path, FieldType type, long events) {

    /**
     * The observations of {@code loaded} (the batches this load staged), summed per key, path and type, in first-seen
     * order. A notification without observations (older batcher) adds nothing.
     */
    public static List<FieldCount> of(Collection<BatchNotification> loaded) {
        Map<List<Object>, FieldCount> sums = new LinkedHashMap<>();
        for (BatchNotification batch : loaded) {
            if (batch.fields() == null) {
                continue;
            }
            for (ObservedField f : batch.fields()) {
                if (f == null || f.path() == null || f.type() == null || f.events() <= 0) {
                    continue;
                }
                sums.merge(List.of(batch.eventKey(), f.path(), f.type()),
                        new FieldCount(batch.eventKey(), f.path(), f.type(), f.events()),
                        (a, b) -> new FieldCount(a.eventKey, a.path, a.type, a.events + b.events));
            }
        }
        return new ArrayList<>(sums.values());
    }
}
