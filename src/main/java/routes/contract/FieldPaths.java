package routes.contract;

import java.util.List;
import java.util.regex.Pattern;

/**
 * How a leaf of an event is named in the field history ({@link ObservedField#path()}): its field names from the
 * event's root, joined with {@code .}. The batcher writes paths by this rule; the loader and its views split them by
 * it. So that a path splits back into exactly its names, a field whose name could not be one segment is never part
 * of a path (the batcher leaves it and everything under it out and counts it as cut): an empty name, a name holding
 * {@code .}, a double quote or a control character. Redshift's identifiers, which its SUPER navigation uses for
 * attribute names, consist of printable UTF-8 characters and a delimited one of anything printable but the double
 * quote (https://docs.aws.amazon.com/redshift/latest/dg/r_names.html); every other name is kept as it is, case
 * included.
 */
public final class FieldPaths {

    public static final char SEPARATOR = '.';
    /** The rule in words, for docs and refusals. */
    public static final String NAME_RULE = "non-empty, without '.', '\"' or control characters";
    private static final Pattern SPLIT = Pattern.compile(Pattern.quote(String.valueOf(SEPARATOR)));

    private FieldPaths() {
    }

    /** @return the UTF-8 length of {@code name} when it can be a path segment, else -1 (no allocation: hot path) */
    public static int segmentBytes(String name) {
        int n = name.length();
        if (n == 0) {
            return -1;
        }
        int bytes = 0;
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c < 0x80) {
                if (c == SEPARATOR || c == '"' || c < 0x20 || c == 0x7F) {
                    return -1;
                }
                bytes++;
            } else if (c < 0xA0) {
                return -1; // C1 controls
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4; // with its low surrogate (admission refuses unpaired ones)
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** The field names of a path, from the root. */
    public static List<String> segments(String path) {
        return List.of(SPLIT.split(path, -1));
    }
}
