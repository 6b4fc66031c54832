package routes.monitor;

import java.util.List;

/** Reads samples out of a Prometheus text scrape: {@code name{tags} value} lines. */
final class Metrics {

    private Metrics() {
    }

    /** The sample lines of {@code name} (exactly, not its _bucket/_sum siblings) whose tags contain {@code tagFilter}. */
    static List<String> series(String scrape, String name, String tagFilter) {
        return scrape.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> line.contains(tagFilter))
                .toList();
    }

    /** Sum of the matching samples' values. */
    static long value(String scrape, String name, String tagFilter) {
        return Math.round(series(scrape, name, tagFilter).stream()
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum());
    }
}
