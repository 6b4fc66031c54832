package routes.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shell commands of a Markdown page's {@code bash} blocks, as a reader would type them: continuation lines
 * joined, comments and blank lines dropped, each command split into words (single and double quotes kept together)
 * and cut at its first pipe.
 */
final class RunbookCommands {

    record Command(String line, List<String> words) {

        String program() {
            return words.isEmpty() ? "" : words.get(0);
        }

        /** The word after {@code option} ({@code --topic events}) or in it ({@code --topic=events}); null if absent. */
        String option(String option) {
            for (int i = 0; i < words.size(); i++) {
                if (words.get(i).equals(option) && i + 1 < words.size()) {
                    return words.get(i + 1);
                }
                if (words.get(i).startsWith(option + "=")) {
                    return words.get(i).substring(option.length() + 1);
                }
            }
            return null;
        }

        List<String> options(String option) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < words.size(); i++) {
                if (words.get(i).equals(option) && i + 1 < words.size()) {
                    values.add(words.get(i + 1));
                } else if (words.get(i).startsWith(option + "=")) {
                    values.add(words.get(i).substring(option.length() + 1));
                }
            }
            return values;
        }
    }

    private RunbookCommands() {
    }

    static List<Command> read(Path markdown) throws IOException {
        List<Command> commands = new ArrayList<>();
        boolean inBash = false;
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(markdown)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("```")) {
                inBash = !inBash && trimmed.equals("```bash");
                continue;
            }
            if (!inBash || trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String command = current.toString().strip();
            current.setLength(0);
            commands.add(new Command(command, words(command)));
        }
        return commands;
    }

    /** Words up to the first unquoted pipe or comment. */
    private static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '|' || (c == '#' && word.isEmpty())) {
                break;
            } else if (Character.isWhitespace(c)) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }
}
