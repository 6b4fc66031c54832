package routes.batch;

import java.util.Locale;

/** Why an observed field was left out of a batch's {@code fields}: the {@code bound} tag of pipeline_fields_cut_total. */
public enum FieldCut {
    /** Its name cannot be a path segment (routes.contract.FieldPaths): the field and everything under it. */
    NAME,
    /** Its path is longer than pipeline.fields.max-path-bytes: the field and everything under it. */
    PATH_BYTES,
    /** The batch already reports pipeline.fields.max-paths pairs that come first in the keeping order. */
    MAX_PATHS;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
