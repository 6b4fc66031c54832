package routes.reconcile;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Field paths left out of the content comparison ({@code field} or {@code field.nested}), the known
 * field-level differences between the pipelines. Each path is removed from both payloads in SQL; it
 * reaches SQL as a bound {@code text[]} literal, and its parts are restricted to plain field names.
 */
public record IgnoredPaths(List<String> paths) {

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_@$-]{1,128}");

    public IgnoredPaths {
        for (String path : paths) {
            String[] parts = path.split("\\.", -1);
            if (parts.length > 2 || !Arrays.stream(parts).allMatch(p -> PART.matcher(p).matches() && !p.equalsIgnoreCase("null"))) {
                throw new IllegalArgumentException("pipeline.reconcile.ignore-paths: each path is field or field.nested"
                        + " with parts of [A-Za-z0-9_@$-]");
            }
        }
        paths = List.copyOf(paths);
    }

    /** Parses the comma-separated setting; blanks are skipped. */
    public static IgnoredPaths parse(String setting) {
        return new IgnoredPaths(Arrays.stream(setting == null ? new String[0] : setting.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).distinct().toList());
    }

    /** {@code data.ssn} → {@code {data,ssn}}, a PostgreSQL text[] literal (parts cannot need quoting). */
    static String arrayLiteral(String path) {
        return "{" + path.replace('.', ',') + "}";
    }
}
