package routes.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The repository's Dockerfile as instructions (continuation lines joined, comments dropped), for tests. */
record Dockerfile(List<Instruction> instructions) {

    static final Path PATH = Path.of("Dockerfile");

    record Instruction(String keyword, String arguments) {
    }

    static Dockerfile read() throws IOException {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(PATH)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String text = current.toString().strip();
            current.setLength(0);
            if (!text.isEmpty()) {
                int space = text.indexOf(' ');
                instructions.add(new Instruction(text.substring(0, space).toUpperCase(), text.substring(space + 1).strip()));
            }
        }
        return new Dockerfile(instructions);
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** Instructions of the last stage (after the last FROM): what the image runs. */
    List<Instruction> runtimeStage() {
        int lastFrom = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).keyword().equals("FROM")) {
                lastFrom = i;
            }
        }
        return instructions.subList(lastFrom, instructions.size());
    }

    /** The variables the runtime stage's {@code ENV K=V [K=V ...]} instructions set (values without spaces). */
    java.util.Map<String, String> environment() {
        java.util.Map<String, String> environment = new java.util.LinkedHashMap<>();
        runtimeStage().stream().filter(i -> i.keyword().equals("ENV")).forEach(i -> {
            for (String pair : i.arguments().split("\\s+")) {
                int eq = pair.indexOf('=');
                environment.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        });
        return environment;
    }

    Instruction last(String keyword) {
        List<Instruction> found = runtimeStage().stream().filter(i -> i.keyword().equals(keyword)).toList();
        if (found.isEmpty()) {
            throw new AssertionError("no " + keyword + " in the runtime stage");
        }
        return found.get(found.size() - 1);
    }
}
