package routes.reconcile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code --recheck}: the hours of the previous {@code report.json} that did not reconcile, to compare again
 * after late data. A previous report that failed without any failing hour (a duplicate spanning hours)
 * re-checks its whole window.
 */
public record RecheckPlan(TimeWindow window, List<String> hours) {

    public static RecheckPlan fromPrevious(Path outDir) throws IOException {
        Path file = outDir.resolve(ReportWriter.JSON_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--recheck needs a previous " + file);
        }
        ReconcileReport previous = ReportWriter.read(file);
        List<String> hours = previous.hours().stream().filter(h -> !h.reconciled())
                .map(ReconcileReport.HourSummary::hour).toList();
        if (hours.isEmpty() && !previous.reconciled()) {
            return new RecheckPlan(TimeWindow.of(Instant.parse(previous.from()), Instant.parse(previous.to())), null);
        }
        if (hours.isEmpty()) {
            return new RecheckPlan(null, List.of());
        }
        return new RecheckPlan(TimeWindow.hours(hours.stream().map(Instant::parse).toList()), hours);
    }

    /** The previous report reconciled: nothing to compare again. */
    public boolean nothingToDo() {
        return window == null;
    }
}
