package routes.fields;

import routes.contract.SqlIdentifier;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The naming rules of the views per event key (docs/fields.md, "Views per event key"), one for view names and one for
 * column names, the same on both dialects:
 * <ol>
 *   <li>lower case; every character outside {@code [a-z0-9_]} becomes {@code _}, except a path's {@code .} (the
 *       step into a nested object), which becomes {@code __}, so the columns {@code a.b} and {@code a_b} stay apart:
 *       {@code payroll.run:completed} is the view {@code payroll_run_completed}, {@code employee.name} the column
 *       {@code employee__name};</li>
 *   <li>a name that does not start with a letter or {@code _}, or is a reserved word ({@link SqlIdentifier}'s list:
 *       Redshift's, which holds PostgreSQL's), gets the prefix {@code v_} (views) or {@code f_} (columns);</li>
 *   <li>longer than 63 bytes (PostgreSQL's limit; Redshift's is 127): cut to 54 and {@code _} + 8 hex digits of the
 *       SHA-256 of the original key or path are appended;</li>
 *   <li>when two keys (or two paths of a key) give the same name, the one seen first (then the smaller in byte order)
 *       keeps it; each other gets {@code _} + 8 hex digits of its SHA-256 (cut to stay within 63 bytes). First-seen
 *       times never change, so a name never moves to another key.</li>
 * </ol>
 * Names made here never need quoting.
 */
public final class ViewNames {

    static final int MAX_BYTES = 63;
    /** The view's own columns; a payload path of the same name gets the suffix rule 4. */
    static final List<String> FIXED_COLUMNS = List.of("event_id", "occurred_at");

    private ViewNames() {
    }

    /** The view name of each key of {@code keysInFirstSeenOrder} (ordered by first seen, then key). */
    public static Map<String, String> views(List<String> keysInFirstSeenOrder) {
        return assign(keysInFirstSeenOrder, "v_", "_", Set.of());
    }

    /** The column name of each path of {@code pathsInFirstSeenOrder}, none of them {@link #FIXED_COLUMNS}. */
    public static Map<String, String> columns(List<String> pathsInFirstSeenOrder) {
        return assign(pathsInFirstSeenOrder, "f_", "__", Set.copyOf(FIXED_COLUMNS));
    }

    private static Map<String, String> assign(List<String> originals, String prefix, String dot, Set<String> taken) {
        Map<String, String> names = new LinkedHashMap<>();
        Set<String> used = new HashSet<>(taken);
        for (String original : originals) {
            String name = base(original, prefix, dot);
            if (!used.add(name)) {
                name = withDigest(name, original);
                used.add(name);
            }
            names.put(original, name);
        }
        return names;
    }

    /** Rules 1 to 3. */
    static String base(String original, String prefix, String dot) {
        StringBuilder name = new StringBuilder();
        String lower = original.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); i++) {
            char ch = lower.charAt(i);
            if (ch == '.') {
                name.append(dot);
            } else {
                name.append((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' ? ch : '_');
            }
        }
        String result = name.toString();
        if (!SqlIdentifier.isValid(result)) {
            result = prefix + result;
        }
        return result.length() > MAX_BYTES ? withDigest(result, original) : result;
    }

    private static String withDigest(String name, String original) {
        String suffix = "_" + digest(original);
        return (name.length() > MAX_BYTES - suffix.length() ? name.substring(0, MAX_BYTES - suffix.length()) : name) + suffix;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(Arrays.copyOf(hash, 4));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The view's columns: {@code fields} (path to the types seen, in first-seen order) named and typed. */
    public static List<ViewColumn> viewColumns(Map<String, Set<routes.contract.FieldType>> fields) {
        List<String> paths = new ArrayList<>();
        fields.keySet().stream().filter(p -> !isFixed(p)).forEach(paths::add);
        Map<String, String> names = columns(paths);
        List<ViewColumn> columns = new ArrayList<>();
        for (String path : paths) {
            columns.add(new ViewColumn(names.get(path), path, List.of(path.split("\\.", -1)),
                    ViewColumnType.resolve(fields.get(path))));
        }
        return columns;
    }

    /** The payload's copies of the table's own columns (and of the key, the same in every row) get no column. */
    private static boolean isFixed(String path) {
        return path.equals("event_id") || path.equals("occurred_at") || path.equals("event_key");
    }
}
