package routes.fields;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.monitor.ContextThreadPools;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * In the loader role, once a minute (never per page request): counts the paths not seen for longer than
 * {@code pipeline.fields.quiet-after-h} for the status page and the gauge, and tells the listener of each path that
 * went quiet since the previous check, once. A path that went quiet while no loader ran is counted but not told
 * (a restart must not repeat every quiet path of the history).
 */
public final class QuietPathsWatch implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(QuietPathsWatch.class);

    private final DataSource warehouse;
    private final Duration quietAfter;
    private final FieldChangeListener listener;
    private final RecentFieldChanges recent;
    private final Clock clock;
    private Instant previousBoundary;
    private boolean warned;
    private CamelContext context;
    private ScheduledExecutorService timer;

    public QuietPathsWatch(DataSource warehouse, Duration quietAfter, FieldChangeListener listener,
                           RecentFieldChanges recent, Clock clock) {
        this(warehouse, quietAfter, listener, recent, clock, clock.instant());
    }

    /** @param watchingSince paths going quiet after this are told; those before only counted */
    QuietPathsWatch(DataSource warehouse, Duration quietAfter, FieldChangeListener listener, RecentFieldChanges recent,
                    Clock clock, Instant watchingSince) {
        this.warehouse = warehouse;
        this.quietAfter = quietAfter;
        this.listener = listener;
        this.recent = recent;
        this.clock = clock;
        this.previousBoundary = watchingSince.minus(quietAfter);
    }

    /** Checks now, then every {@link #INTERVAL}, on a timer of the Camel context's. */
    public void start(CamelContext context) {
        this.context = context;
        timer = ContextThreadPools.timer(context, this, "field-quiet-paths");
        timer.scheduleWithFixedDelay(this::checkQuietly, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One check (the timer calls this; tests may too). */
    public synchronized void check() throws SQLException {
        Instant boundary = clock.instant().minus(quietAfter);
        List<FieldChange> quiet = new ArrayList<>();
        try (Connection c = warehouse.getConnection()) {
            recent.quietPaths(FieldHistoryReader.quietPaths(c, boundary));
            Set<String> told = new HashSet<>();
            for (FieldHistoryRow r : FieldHistoryReader.lastSeenBetween(c, previousBoundary, boundary)) {
                if (told.add(r.eventKey() + '\n' + r.path())) {
                    quiet.add(new FieldChange(r.eventKey(), r.path(), r.type(), FieldChange.Kind.NOT_SEEN, r.lastSeen()));
                }
            }
        }
        previousBoundary = boundary;
        listener.committed(quiet);
    }

    private void checkQuietly() {
        try {
            check();
        } catch (SQLException | RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.warn("field history not readable, quiet paths not counted (retried every minute, logged once): {}",
                        String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
            } else {
                LOG.debug("quiet paths check failed: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            context.getExecutorServiceManager().shutdownNow(timer);
        }
    }
}
