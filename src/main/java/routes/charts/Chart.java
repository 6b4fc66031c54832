package routes.charts;

import java.util.List;

/**
 * One chart as charts.js draws it with uPlot. {@code kind}: {@code lines} (one point per label), {@code bars} (a
 * group of bars per label, one bar per series) or {@code hbars} (horizontal bars, one per label; a series per
 * colour group, null where a label is not in the group). {@code unit} formats the values ({@code ms} as
 * ms/s/min/h); {@code flagged} labels are shaded; {@code log} puts the values on a base-10 scale.
 */
public record Chart(String kind, String title, List<String> labels, List<Series> series, boolean log, String unit,
                    List<Boolean> flagged) {

    /** A named series, one value per label (null = no value); {@code dash} draws a line dashed. */
    public record Series(String name, String color, List<Double> values, boolean dash) {
    }

    public static Chart lines(String title, List<String> labels, List<Series> series, boolean log, String unit) {
        return new Chart("lines", title, labels, series, log, unit, null);
    }

    public static Chart bars(String title, List<String> labels, List<Series> series, String unit, List<Boolean> flagged) {
        return new Chart("bars", title, labels, series, false, unit, flagged);
    }

    public static Chart horizontalBars(String title, List<String> labels, List<Series> series, String unit) {
        return new Chart("hbars", title, labels, series, false, unit, null);
    }
}
