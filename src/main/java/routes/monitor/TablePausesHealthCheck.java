package routes.monitor;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Readiness of the loader: DOWN while any table's loads are paused ({@link TablePauses}), naming each table, the step,
 * the SQLState and the reason. DOWN rather than UP-with-details because readiness means "this instance can do its
 * work", as the warehouse check does when the warehouse is unreachable; and Camel's default exposure level shows the
 * details of DOWN checks only, so {@code /observe/health/ready} names the table without {@code exposureLevel=full}.
 * It is never a liveness check: a pause resumes by itself when its cause is gone, a restart would not help.
 */
public final class TablePausesHealthCheck extends AbstractHealthCheck {

    private final TablePauses pauses;

    public TablePausesHealthCheck(TablePauses pauses) {
        super("pipeline", "loads");
        this.pauses = pauses;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<TablePauses.Pause> paused = pauses.paused();
        if (paused.isEmpty()) {
            builder.up();
            return;
        }
        for (TablePauses.Pause p : paused) {
            builder.detail("paused." + p.table(), describe(p));
        }
        builder.message("loads paused: " + paused.stream().map(TablePausesHealthCheck::describe)
                .collect(Collectors.joining("; "))).down();
    }

    static String describe(TablePauses.Pause p) {
        return p.table() + " (" + p.reason() + " at " + p.step() + (p.sqlState() == null ? "" : ", sqlstate " + p.sqlState())
                + ", since " + p.since() + ", " + p.attempts() + " attempts)";
    }
}
