package routes.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The methods a command of the pipeline can call: starting from its entry classes, every class of the project
 * they refer to, transitively, except the packages the command's role never runs (a Deployment of the batcher
 * loads the loader's classes but never runs them), and every method those classes call.
 */
final class ReachableCalls {

    private static final String PROJECT = "routes/";

    private final Path classes;
    private final Map<String, ClassFileReferences> read = new HashMap<>();

    ReachableCalls(Path classes) {
        this.classes = classes;
    }

    /**
     * @param entries  internal names such as {@code routes/JanitorCommand}
     * @param excluded internal-name prefixes of classes the command never runs, such as {@code routes/load/}
     */
    Reach from(Collection<String> entries, Collection<String> excluded) {
        Set<String> reached = new TreeSet<>();
        Deque<String> queue = new ArrayDeque<>(entries);
        while (!queue.isEmpty()) {
            String name = queue.pop();
            if (!name.startsWith(PROJECT) || excluded.stream().anyMatch(name::startsWith) || !reached.add(name)) {
                continue;
            }
            ClassFileReferences refs = references(name);
            if (refs != null) {
                queue.addAll(refs.classes());
            }
        }
        Set<String> calls = new TreeSet<>();
        reached.forEach(name -> {
            ClassFileReferences refs = references(name);
            if (refs != null) {
                calls.addAll(refs.methods());
            }
        });
        return new Reach(reached, calls);
    }

    record Reach(Set<String> classes, Set<String> calls) {

        /** The names of the methods called on types whose internal name starts with one of these prefixes. */
        Set<String> callsOn(String... ownerPrefixes) {
            Set<String> out = new TreeSet<>();
            for (String call : calls) {
                for (String prefix : ownerPrefixes) {
                    if (call.startsWith(prefix)) {
                        out.add(call);
                    }
                }
            }
            return out;
        }
    }

    private ClassFileReferences references(String internalName) {
        return read.computeIfAbsent(internalName, name -> {
            Path file = classes.resolve(name + ".class");
            if (!Files.exists(file)) {
                return null;
            }
            try {
                return ClassFileReferences.read(file);
            } catch (IOException e) {
                throw new UncheckedIOException(file.toString(), e);
            }
        });
    }
}
