package routes.reconcile;

import routes.reconcile.ReconcileReport.ContentDiffs;
import routes.reconcile.ReconcileReport.Duplicates;
import routes.reconcile.ReconcileReport.HourSummary;
import routes.reconcile.ReconcileReport.IdSample;
import routes.reconcile.ReconcileReport.KeyHour;
import routes.reconcile.ReconcileReport.Latency;
import routes.reconcile.ReconcileReport.MinuteCount;
import routes.reconcile.ReconcileReport.Throughput;
import routes.reconcile.ReconcileReport.Totals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Derives the per-hour view, totals and the verdict from the per key-and-hour results. */
final class ReportAssembler {

    private ReportAssembler() {
    }

    static ReconcileReport assemble(ReconcileOptions options, List<String> recheckedHours, List<KeyHour> keyHours,
                                    IdSample onlyInNew, IdSample onlyInLegacy, Duplicates newDuplicates,
                                    Duplicates legacyDuplicates, ContentDiffs content, List<Latency> latency,
                                    List<MinuteCount> perMinute, long elapsedMs) {
        Totals totals = new Totals(
                keyHours.stream().mapToLong(KeyHour::newRows).sum(),
                keyHours.stream().mapToLong(KeyHour::legacyRows).sum(),
                onlyInNew.total(), onlyInLegacy.total(), newDuplicates.ids(), legacyDuplicates.ids(), content.ids());
        return new ReconcileReport(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                options.window().from().toString(), options.window().to().toString(), recheckedHours,
                options.newTable().table().sql(), options.legacyTable().table().sql(), options.keyPattern().glob(),
                options.ignorePaths().paths(), totals.reconciles(), totals, hours(keyHours), keyHours,
                onlyInNew, onlyInLegacy, newDuplicates, legacyDuplicates, content, latency, throughput(perMinute),
                perMinute, elapsedMs);
    }

    static List<HourSummary> hours(List<KeyHour> keyHours) {
        Map<String, List<KeyHour>> byHour = new TreeMap<>();
        keyHours.forEach(k -> byHour.computeIfAbsent(k.hour(), h -> new ArrayList<>()).add(k));
        List<HourSummary> hours = new ArrayList<>();
        byHour.forEach((hour, ks) -> hours.add(new HourSummary(hour, ks.stream().allMatch(KeyHour::reconciles),
                ks.stream().mapToLong(KeyHour::newRows).sum(), ks.stream().mapToLong(KeyHour::legacyRows).sum(),
                ks.stream().mapToLong(KeyHour::onlyInNew).sum(), ks.stream().mapToLong(KeyHour::onlyInLegacy).sum(),
                ks.stream().mapToLong(KeyHour::newDuplicateRows).sum(),
                ks.stream().mapToLong(KeyHour::legacyDuplicateRows).sum(),
                ks.stream().mapToLong(KeyHour::contentDiffers).sum())));
        return hours;
    }

    static List<Throughput> throughput(List<MinuteCount> perMinute) {
        Map<String, long[]> byHour = new TreeMap<>(); // new sum, new peak, legacy sum, legacy peak
        for (MinuteCount m : perMinute) {
            String hour = Instant.parse(m.minute()).truncatedTo(ChronoUnit.HOURS).toString();
            long[] t = byHour.computeIfAbsent(hour, h -> new long[4]);
            t[0] += m.newRows();
            t[1] = Math.max(t[1], m.newRows());
            t[2] += m.legacyRows();
            t[3] = Math.max(t[3], m.legacyRows());
        }
        List<Throughput> throughput = new ArrayList<>();
        byHour.forEach((hour, t) -> throughput.add(new Throughput(hour, t[0] / 60.0, t[1], t[2] / 60.0, t[3])));
        return throughput;
    }
}
