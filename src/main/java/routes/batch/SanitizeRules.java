package routes.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import routes.contract.GlobPattern;

/**
 * The legacy sanitizing rules as data: drop rules on the event key, and a table from lower-cased field name to
 * the {@link FieldAction} applied wherever that field appears (names matched case-insensitively).
 * Loaded from YAML by {@link SanitizeRulesLoader}; see {@code sanitize.yaml} for the format.
 */
public final class SanitizeRules {

    private final List<DropRule> drops;
    private final Map<String, FieldAction> fields;
    /** {@code fields} bucketed by name length, so most lookups end on an array read, without allocating. */
    private final FieldRule[][] byLength;

    record DropRule(GlobPattern glob, String description) {
    }

    private record FieldRule(String name, FieldAction action) {
    }

    SanitizeRules(List<DropRule> drops, Map<String, FieldAction> fields) {
        this.drops = List.copyOf(drops);
        this.fields = Map.copyOf(fields);
        int longest = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        this.byLength = new FieldRule[longest + 1][];
        fields.forEach((name, action) -> {
            FieldRule[] bucket = byLength[name.length()];
            FieldRule[] grown = bucket == null ? new FieldRule[1] : java.util.Arrays.copyOf(bucket, bucket.length + 1);
            grown[grown.length - 1] = new FieldRule(name, action);
            byLength[name.length()] = grown;
        });
    }

    /** Loads {@code resource} from the classpath (e.g. {@code sanitize.yaml}). */
    public static SanitizeRules fromClasspath(String resource, byte[] hmacKey) {
        try (InputStream in = SanitizeRules.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("sanitize rules: no classpath resource " + resource);
            }
            return load(in, hmacKey);
        } catch (IOException e) {
            throw new UncheckedIOException("sanitize rules: cannot read classpath resource " + resource, e);
        }
    }

    public static SanitizeRules fromPath(Path path, byte[] hmacKey) {
        try (InputStream in = Files.newInputStream(path)) {
            return load(in, hmacKey);
        } catch (IOException e) {
            throw new UncheckedIOException("sanitize rules: cannot read " + path, e);
        }
    }

    /**
     * @param hmacKey key for hash rules (required non-empty when there is one); copied, never printed
     * @throws IllegalArgumentException with a message naming the rule, when the YAML is not a valid rule file
     */
    public static SanitizeRules load(InputStream yaml, byte[] hmacKey) {
        return new SanitizeRulesLoader(hmacKey).load(yaml);
    }

    public boolean drops(String eventKey) {
        return dropRule(eventKey).isPresent();
    }

    /** @return the first matching drop rule as text, e.g. {@code drop *.heartbeat} */
    public Optional<String> dropRule(String eventKey) {
        for (DropRule rule : drops) {
            if (rule.glob().matches(eventKey)) {
                return Optional.of(rule.description());
            }
        }
        return Optional.empty();
    }

    /** The rule table: lower-cased field name to action. */
    public Map<String, FieldAction> fieldActions() {
        return fields;
    }

    /** @return the action for a field name (case-insensitive), or null: hot path, no allocation */
    FieldAction actionFor(String fieldName) {
        int n = fieldName.length();
        if (n >= byLength.length) {
            return null;
        }
        FieldRule[] bucket = byLength[n];
        if (bucket != null) {
            for (FieldRule rule : bucket) {
                if (rule.name().equalsIgnoreCase(fieldName)) {
                    return rule.action();
                }
            }
        }
        return null;
    }

    static String normalise(String fieldName) {
        return fieldName.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "SanitizeRules[drops=" + drops.stream().map(DropRule::description).toList()
                + ", fields=" + fields.keySet() + "]";
    }
}
