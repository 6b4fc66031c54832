package routes.monitor;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which tables' loads are paused, why and since when: the loader records each failed attempt that pauses a table
 * (routes.yaml's {@code load-retries}, through routes.load.LoadFailures) and clears the table when one of its loads
 * commits. Read by the readiness check ({@link TablePausesHealthCheck}), the status page and the pause gauge. It also
 * remembers when each table last committed a load that loaded something, so that a batch failing alone can be
 * compared with the table's other loads (routes.load.LoadPlan).
 */
public final class TablePauses {

    /**
     * One paused table.
     *
     * @param step     the load step that failed (stage, merge, ledger, transaction)
     * @param sqlState the SQLState, or null when the failure had none
     * @param reason   the short reason code of routes.load.FailureClass, never server text
     * @param since    the first failed attempt of this pause
     * @param attempts failed attempts since then
     */
    public record Pause(String table, String step, String sqlState, String reason, String since, String lastAttempt,
                        int attempts) {
    }

    private final Clock clock;
    private final Map<String, Pause> paused = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastLoaded = new ConcurrentHashMap<>();

    public TablePauses(Clock clock) {
        this.clock = clock;
    }

    /** A failed attempt that pauses {@code table}; true when the table was not paused before (a new pause). */
    public boolean failed(String table, String step, String sqlState, String reason) {
        String now = clock.instant().toString();
        Pause before = paused.get(table);
        paused.merge(table, new Pause(table, step, sqlState, reason, now, now, 1),
                (old, next) -> new Pause(table, step, sqlState, reason, old.since(), now, old.attempts() + 1));
        return before == null;
    }

    /** A load of {@code table} committed: its pause is over. {@code loadedSomething}: it staged at least one batch. */
    public void committed(String table, boolean loadedSomething) {
        paused.remove(table);
        if (loadedSomething) {
            lastLoaded.put(table, clock.instant());
        }
    }

    /** Whether a load of {@code table} that loaded something committed after {@code since}. */
    public boolean loadedSince(String table, Instant since) {
        Instant last = lastLoaded.get(table);
        return last != null && last.isAfter(since);
    }

    public Instant now() {
        return clock.instant();
    }

    /** The paused tables, by name. */
    public List<Pause> paused() {
        return paused.values().stream().sorted(Comparator.comparing(Pause::table)).toList();
    }

    public int count() {
        return paused.size();
    }
}
