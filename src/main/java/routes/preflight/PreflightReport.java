package routes.preflight;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the lines, prints each as it arrives (a slow check shows what already passed), and writes the
 * JSON report. Every configured secret is replaced by {@code ****} before anything is printed or written:
 * the checks never put one in a line, this catches a server message that quoted one.
 */
public final class PreflightReport {

    public static final int ALL_PASSED = 0;
    public static final int SOMETHING_FAILED = 1;
    public static final int COULD_NOT_RUN = 2;

    /** Shorter secrets are left alone: "events" (local mode's password) is also the table's name. */
    private static final int MIN_SCRUBBED_SECRET = 8;

    private final PrintStream out;
    private final List<String> secrets;
    private final List<CheckResult> results = new ArrayList<>();

    public PreflightReport(PrintStream out, Collection<String> secrets) {
        this.out = out;
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= MIN_SCRUBBED_SECRET).toList();
    }

    public void add(CheckResult result) {
        CheckResult clean = new CheckResult(result.status(), result.check(), scrub(result.saw()), scrub(result.todo()));
        results.add(clean);
        out.println(clean.line());
        out.flush();
    }

    public void addAll(List<CheckResult> lines) {
        lines.forEach(this::add);
    }

    public List<CheckResult> results() {
        return List.copyOf(results);
    }

    public long count(CheckStatus status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    public int exitCode() {
        return count(CheckStatus.FAIL) > 0 ? SOMETHING_FAILED : ALL_PASSED;
    }

    public String summary() {
        return "preflight: " + count(CheckStatus.PASS) + " passed, " + count(CheckStatus.WARN) + " warnings, "
                + count(CheckStatus.FAIL) + " failed -> exit " + exitCode();
    }

    public void writeJson(Path file, String role) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("role", role);
        doc.put("finished_at", Instant.now().toString());
        doc.put("exit_code", exitCode());
        doc.put("passed", count(CheckStatus.PASS));
        doc.put("warnings", count(CheckStatus.WARN));
        doc.put("failed", count(CheckStatus.FAIL));
        doc.put("checks", results);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
    }

    /** {@code text} with every configured secret replaced, for what preflight prints outside the lines. */
    public String scrub(String text) {
        if (text == null) {
            return "";
        }
        String clean = text;
        for (String secret : secrets) {
            clean = clean.replace(secret, "****");
        }
        return clean;
    }
}
