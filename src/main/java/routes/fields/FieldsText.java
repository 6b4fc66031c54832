package routes.fields;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import routes.contract.FieldType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code fields} command's output: a plain-text table for people (columns as wide as their widest cell, times
 * in UTC to the second) or JSON for scripts (full precision). Paths are field names from the apps' events, so a
 * control character is printed as {@code ?}: nothing from an event can move a terminal's cursor.
 */
public final class FieldsText {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FieldsText() {
    }

    public static List<String> fields(List<FieldHistory.Field> fields) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("EVENT KEY", "PATH", "TYPE", "FIRST SEEN", "LAST SEEN", "EVENTS", ""));
        for (FieldHistory.Field f : fields) {
            rows.add(List.of(f.eventKey(), f.path(), types(f.types()), time(f.firstSeen()), time(f.lastSeen()),
                    String.format(Locale.ROOT, "%,d", f.eventsSeen()), f.quiet() ? "not seen since " + time(f.lastSeen()) : ""));
        }
        return table(rows, 5);
    }

    public static List<String> changes(List<FieldChange> changes) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("AT", "EVENT KEY", "PATH", "TYPE", "CHANGE"));
        for (FieldChange c : changes) {
            rows.add(List.of(time(c.at()), c.eventKey(), c.path(), c.type().wireName(), kind(c.kind())));
        }
        return table(rows, -1);
    }

    public static String fieldsJson(List<FieldHistory.Field> fields) throws JsonProcessingException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (FieldHistory.Field f : fields) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("event_key", f.eventKey());
            m.put("path", f.path());
            m.put("types", f.types().stream().map(FieldType::wireName).toList());
            m.put("first_seen", f.firstSeen().toString());
            m.put("last_seen", f.lastSeen().toString());
            m.put("events_seen", f.eventsSeen());
            m.put("not_seen", f.quiet());
            out.add(m);
        }
        return JSON.writeValueAsString(out);
    }

    public static String changesJson(List<FieldChange> changes) throws JsonProcessingException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (FieldChange c : changes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", c.at().toString());
            m.put("event_key", c.eventKey());
            m.put("path", c.path());
            m.put("type", c.type().wireName());
            m.put("change", c.kind().name().toLowerCase(Locale.ROOT));
            out.add(m);
        }
        return JSON.writeValueAsString(out);
    }

    /** "new path", "new type", "not seen": how a person reads a {@link FieldChange.Kind}. */
    public static String kind(FieldChange.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** UTC to the second, ISO-8601. */
    public static String time(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** {@code text} with each control character as {@code ?}. */
    public static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }

    private static String types(List<FieldType> types) {
        return types.stream().map(FieldType::wireName).collect(Collectors.joining(","));
    }

    /** Left-aligned columns two spaces apart; column {@code rightAligned} (or none: -1) right-aligned; no trailing blanks. */
    private static List<String> table(List<List<String>> rows, int rightAligned) {
        int columns = rows.get(0).size();
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], printable(row.get(i)).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String cell = printable(row.get(i));
                String pad = " ".repeat(width[i] - cell.length());
                line.append(i == rightAligned ? pad + cell : cell + pad).append(i < columns - 1 ? "  " : "");
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
