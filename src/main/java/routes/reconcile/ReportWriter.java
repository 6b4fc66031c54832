package routes.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import routes.reconcile.ReconcileReport.Latency;
import routes.reconcile.ReconcileReport.Totals;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Writes a report three ways: a short terminal summary, {@code report.json} and {@code report.html}. */
public final class ReportWriter {

    public static final String JSON_FILE = "report.json";
    public static final String HTML_FILE = "report.html";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    /** Writes both files into {@code dir} (created if needed), each through a temp file and a rename. */
    public static void write(ReconcileReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        replace(dir.resolve(JSON_FILE), JSON.writeValueAsBytes(report));
        replace(dir.resolve(HTML_FILE), HtmlReport.render(report).getBytes(StandardCharsets.UTF_8));
    }

    public static ReconcileReport read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), ReconcileReport.class);
    }

    public static void summary(ReconcileReport r, Path dir, PrintStream out) {
        Totals t = r.totals();
        out.printf(Locale.ROOT, "reconcile %s (new) vs %s (legacy), occurred_at in [%s, %s)%s, event keys %s%n",
                r.newTable(), r.legacyTable(), r.from(), r.to(),
                r.recheckedHours() == null ? "" : ", re-check of " + r.recheckedHours().size() + " hours", r.keyPattern());
        out.printf(Locale.ROOT, "  rows              new %,d   legacy %,d%n", t.newRows(), t.legacyRows());
        out.printf(Locale.ROOT, "  only in new       %,d%s%n", t.onlyInNew(), ids(r.onlyInNew().sample().stream()
                .map(ReconcileReport.IdRow::id).toList()));
        out.printf(Locale.ROOT, "  only in legacy    %,d%s%n", t.onlyInLegacy(), ids(r.onlyInLegacy().sample().stream()
                .map(ReconcileReport.IdRow::id).toList()));
        out.printf(Locale.ROOT, "  duplicated ids    new %,d   legacy %,d%n", t.newDuplicateIds(), t.legacyDuplicateIds());
        out.printf(Locale.ROOT, "  content differs   %,d%s%n", t.contentDiffers(), r.content().paths().isEmpty() ? ""
                : "   paths " + r.content().paths().entrySet().stream().limit(5)
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
        List<String> bad = r.hours().stream().filter(h -> !h.reconciled()).map(ReconcileReport.HourSummary::hour).toList();
        out.printf(Locale.ROOT, "  hours             %d, %d do not reconcile%s%n", r.hours().size(), bad.size(),
                bad.isEmpty() ? "" : ": " + String.join(" ", bad.stream().limit(6).toList()) + (bad.size() > 6 ? " …" : ""));
        out.printf(Locale.ROOT, "  latency p95 (max over hours)   new %s   legacy %s%n",
                worstP95(r.latency(), "new"), worstP95(r.latency(), "legacy"));
        out.printf(Locale.ROOT, "%s → exit %d   (%d ms)   %s, %s%n", r.reconciled() ? "RECONCILED" : "NOT RECONCILED",
                r.exitCode(), r.elapsedMs(), dir.resolve(JSON_FILE), dir.resolve(HTML_FILE));
    }

    private static String ids(List<String> sample) {
        return sample.isEmpty() ? "" : "   e.g. " + String.join(" ", sample.stream().limit(3).toList());
    }

    private static String worstP95(List<Latency> latency, String side) {
        return latency.stream().filter(l -> l.side().equals(side)).mapToDouble(Latency::p95Ms).max()
                .stream().mapToObj(v -> HumanDurations.millis(v)).findFirst().orElse("-");
    }

    private static void replace(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
