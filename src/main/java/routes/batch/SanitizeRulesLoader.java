package routes.batch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import routes.contract.GlobPattern;

/** Reads and validates a sanitize rule file; every mistake fails here, at startup, with the rule's position. */
final class SanitizeRulesLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> PIPELINE_FIELDS = Set.of("event_id", "event_key", "occurred_at");

    private final byte[] hmacKey;
    private HmacSha256 hmac;

    SanitizeRulesLoader(byte[] hmacKey) {
        this.hmacKey = hmacKey;
    }

    SanitizeRules load(InputStream in) {
        JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("sanitize rules: not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("sanitize rules: cannot read the rule file", e);
        }
        if (root == null || !root.isObject()) {
            throw invalid("the file must be a mapping with a 'rules' list");
        }
        requireOnly(root, "the file", Set.of("rules"));
        JsonNode rules = root.get("rules");
        if (rules == null || !rules.isArray()) {
            throw invalid("'rules' must be a list");
        }
        List<SanitizeRules.DropRule> drops = new ArrayList<>();
        Map<String, FieldAction> fields = new LinkedHashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            readRule(rules.get(i), "rule " + (i + 1), drops, fields);
        }
        return new SanitizeRules(drops, fields);
    }

    private void readRule(JsonNode rule, String where, List<SanitizeRules.DropRule> drops,
                          Map<String, FieldAction> fields) {
        if (rule == null || !rule.isObject() || rule.size() != 1) {
            throw invalid(where + ": must be one of drop/mask/hash/remove with its options, e.g. '- mask: { field: ssn }'");
        }
        String kind = rule.fieldNames().next();
        JsonNode options = rule.get(kind);
        if (!options.isObject()) {
            throw invalid(where + " (" + kind + "): options must be a mapping, e.g. { field: ssn }");
        }
        where = where + " (" + kind + ")";
        switch (kind) {
            case "drop" -> drops.add(readDrop(options, where, drops));
            case "mask" -> {
                requireOnly(options, where, Set.of("field", "keep_last"));
                putField(fields, options, where, new FieldAction.Mask(readKeepLast(options, where)));
            }
            case "hash" -> {
                requireOnly(options, where, Set.of("field"));
                putField(fields, options, where, new FieldAction.Hash(hmac(where)));
            }
            case "remove" -> {
                requireOnly(options, where, Set.of("field"));
                putField(fields, options, where, new FieldAction.Remove());
            }
            default -> throw invalid(where + ": unknown rule kind '" + kind + "'; known: drop, mask, hash, remove");
        }
    }

    private SanitizeRules.DropRule readDrop(JsonNode options, String where, List<SanitizeRules.DropRule> drops) {
        requireOnly(options, where, Set.of("event_key"));
        String glob = requireText(options, "event_key", where);
        GlobPattern pattern;
        try {
            pattern = GlobPattern.compile(glob);
        } catch (IllegalArgumentException e) {
            throw invalid(where + ": bad event_key pattern: " + e.getMessage());
        }
        String description = "drop " + glob;
        if (drops.stream().anyMatch(d -> d.description().equals(description))) {
            throw invalid(where + ": pattern '" + glob + "' is already dropped by an earlier rule");
        }
        return new SanitizeRules.DropRule(pattern, description);
    }

    private static int readKeepLast(JsonNode options, String where) {
        JsonNode keepLast = options.get("keep_last");
        if (keepLast == null) {
            return 0;
        }
        if (!keepLast.isIntegralNumber() || keepLast.asLong() < 1 || keepLast.asLong() > 64) {
            throw invalid(where + ": keep_last must be a whole number from 1 to 64");
        }
        return keepLast.intValue();
    }

    private static void putField(Map<String, FieldAction> fields, JsonNode options, String where, FieldAction action) {
        String field = requireText(options, "field", where);
        String key = SanitizeRules.normalise(field);
        if (key.length() != field.length()) {
            throw invalid(where + ": field '" + field + "' changes length when lower-cased; use its lower-case form");
        }
        if (PIPELINE_FIELDS.contains(key)) {
            throw invalid(where + ": '" + field + "' is a pipeline field and cannot be masked, hashed or removed");
        }
        if (fields.containsKey(key)) {
            throw invalid(where + ": field '" + field + "' already has a rule (field names are case-insensitive)");
        }
        fields.put(key, action);
    }

    private HmacSha256 hmac(String where) {
        if (hmac == null) {
            if (hmacKey == null || hmacKey.length == 0) {
                throw invalid(where + ": hash rules need a non-empty HMAC key from configuration");
            }
            hmac = new HmacSha256(hmacKey);
        }
        return hmac;
    }

    private static String requireText(JsonNode options, String name, String where) {
        JsonNode value = options.get(name);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw invalid(where + ": '" + name + "' is required and must be a non-empty string");
        }
        return value.asText();
    }

    private static void requireOnly(JsonNode node, String where, Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw invalid(where + ": unknown option '" + name + "'; allowed: " + allowed);
            }
        }
    }

    private static IllegalArgumentException invalid(String message) {
        return new IllegalArgumentException("sanitize rules: " + message);
    }
}
