package routes.local;

import org.junit.jupiter.api.Test;
import routes.status.HealthReading;
import routes.status.StatusReport;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatusPanelTest {

    private static StatusReport report(List<StatusReport.ReasonCount> deadLetters) {
        return report(deadLetters, new StatusReport.FieldChanges(List.of(), null));
    }

    private static StatusReport report(List<StatusReport.ReasonCount> deadLetters, StatusReport.FieldChanges fieldChanges) {
        return new StatusReport("2026-12-02T23:37:06Z", 135,
                new StatusReport.Totals(18_930, 192, 12, 146, 14_000, 1_251_792, 146, 3, 14_746, 0),
                new StatusReport.Rates(498.0, 4.9, 41_983.3, 4.9, 0.2, 495.8),
                new StatusReport.Latency(97, 16.0, 46.0), new StatusReport.Latency(97, 1_209_600.0, 1_213_200.0), 5_282L, null, List.of(),
                new StatusReport.History(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of()), List.of(),
                List.of(), List.of(), deadLetters, List.of(),
                new HealthReading.Health("UP", List.of()), List.of(), fieldChanges);
    }

    @Test
    void panelShowsCountsRatesLagLatencyAndTheLastWarning() {
        List<String> lines = StatusPanel.lines(List.of("event-pipeline local is up"), report(List.of()), 2,
                "WARN NetworkClient: connection refused");

        String text = String.join("\n", lines);
        assertThat(text).contains("up 2m 15s · health UP")
                .containsPattern("events in +18,930 +498\\.0")
                .containsPattern("dropped +192")
                .containsPattern("dead-lettered +12")
                .containsPattern("rows loaded +14,746 +495\\.8")
                .contains("batcher 5,282 · loader -")
                .contains("p50 16 s · p99 46 s  (topic A to committed")
                .contains("p50 14.0 d · p99 14.0 d  (the apps' view: occurred_at to loaded)")
                .contains("none yet")
                .contains("warnings since start: 2  (last: WARN NetworkClient: connection refused)");
    }

    @Test
    void latenciesReadInTheUnitThatFitsFromSecondsToDays() {
        assertThat(StatusPanel.seconds(46.0)).isEqualTo("46 s");
        assertThat(StatusPanel.seconds(300.0)).isEqualTo("5.0 min");
        assertThat(StatusPanel.seconds(10_800.0)).isEqualTo("3.0 h");
        assertThat(StatusPanel.seconds(786_430.0)).isEqualTo("9.1 d");
        assertThat(StatusPanel.seconds(null)).isEqualTo("-");
    }

    @Test
    void deadLettersAreListedByReasonAndLongLinesAreCutToTheWidth() {
        String reason = "too_large:" + "x".repeat(300);
        List<String> lines = StatusPanel.lines(List.of(), report(List.of(new StatusReport.ReasonCount("batcher", reason, 7))), 0, null);

        assertThat(lines).anyMatch(l -> l.contains("batcher") && l.contains("too_large:") && l.endsWith(" 7"));
        assertThat(lines).allMatch(l -> l.length() <= StatusPanel.WIDTH);
        assertThat(lines).contains("  warnings since start: 0");
    }

    @Test
    void fieldChangesAreListedNewestFirstWithTheCountOfQuietPaths() {
        StatusReport.FieldChanges changes = new StatusReport.FieldChanges(List.of(
                new StatusReport.FieldChangeRow("2026-12-02T10:00:00.250Z", "payroll.run", "amount", "decimal", "new_type"),
                new StatusReport.FieldChangeRow("2026-12-01T10:00:00Z", "payroll.run", "amount", "string", "new_path")), 3L);

        List<String> lines = StatusPanel.lines(List.of(), report(List.of(), changes), 0, null);

        int title = lines.indexOf("  field changes  (3 paths not seen lately)");
        assertThat(title).isPositive();
        assertThat(lines.get(title + 1)).isEqualTo("    2026-12-02 10:00:00  new type  payroll.run  amount  decimal");
        assertThat(lines.get(title + 2)).isEqualTo("    2026-12-01 10:00:00  new path  payroll.run  amount  string");
    }

    @Test
    void noFieldChangesNoSection() {
        assertThat(StatusPanel.lines(List.of(), report(List.of()), 0, null)).noneMatch(l -> l.contains("field changes"));
    }
}
