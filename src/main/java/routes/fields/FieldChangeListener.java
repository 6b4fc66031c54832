package routes.fields;

import java.util.List;

/**
 * Told of the field changes a load committed, after its commit (a rolled-back load changed nothing): the INFO line,
 * the counter and the status page's "field changes" panel listen here.
 */
@FunctionalInterface
public interface FieldChangeListener {

    FieldChangeListener NONE = changes -> { };

    void committed(List<FieldChange> changes);

    /** This listener, then {@code next}. */
    default FieldChangeListener and(FieldChangeListener next) {
        return changes -> {
            committed(changes);
            next.committed(changes);
        };
    }
}
