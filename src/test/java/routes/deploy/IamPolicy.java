package routes.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An identity policy of deploy/aws: its Allow statements, with the IAM matching rules a grant check needs
 * (wildcards {@code *} and {@code ?} in actions and resources, actions case-insensitive).
 */
record IamPolicy(Path file, List<Statement> statements) {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Statement(String sid, List<String> actions, List<String> resources, boolean conditional) {

        boolean grants(RequiredAction required) {
            return actions.stream().anyMatch(a -> glob(a, true).matcher(required.action()).matches())
                    && (!required.unconditional() || !conditional)
                    && resources.stream().anyMatch(r -> required.exact()
                    ? glob(r, false).matcher(required.resource()).matches()
                    : r.startsWith(required.resource()) || glob(r, false).matcher(required.resource()).lookingAt());
        }
    }

    static IamPolicy read(Path file) throws IOException {
        return parse(file, Files.readString(file));
    }

    static IamPolicy parse(Path file, String json) throws IOException {
        JsonNode root = JSON.readTree(json);
        List<Statement> statements = new ArrayList<>();
        for (JsonNode s : list(root.path("Statement"))) {
            if (!s.path("Effect").asText().equals("Allow") || s.has("NotAction") || s.has("NotResource")) {
                throw new IllegalArgumentException(file + ": only Allow statements with Action and Resource are checked: " + s);
            }
            statements.add(new Statement(s.path("Sid").asText(), texts(s.path("Action")), texts(s.path("Resource")),
                    s.has("Condition")));
        }
        return new IamPolicy(file, statements);
    }

    /** The required actions no statement grants. */
    List<RequiredAction> missing(List<RequiredAction> required) {
        return required.stream().filter(r -> statements.stream().noneMatch(s -> s.grants(r))).toList();
    }

    private static List<JsonNode> list(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(out::add);
        } else if (!node.isMissingNode()) {
            out.add(node);
        }
        return out;
    }

    private static List<String> texts(JsonNode node) {
        return list(node).stream().map(JsonNode::asText).toList();
    }

    private static Pattern glob(String pattern, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
    }
}
