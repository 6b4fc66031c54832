package routes.fields;

import java.util.List;

/**
 * One observed leaf path as a column of its key's view.
 *
 * @param name     the column's name ({@link ViewNames#columns})
 * @param segments the field names from the event's root to the leaf (the path split at {@code .})
 */
public record ViewColumn(String name, String path, List<String> segments, ViewColumnType type) {
}
