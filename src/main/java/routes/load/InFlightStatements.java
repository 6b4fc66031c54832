package routes.load;

import com.amazon.redshift.RedshiftConnection;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.contract.SqlIdentifier;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The warehouse statement each load has under way, so that a stop can cancel it ({@link #cancelAll}) once loads in
 * flight have had their time: without it, a COPY or a LOCK wait outlives the process, and its transaction keeps the
 * table's lock until the warehouse notices the closed connection or the statement timeout ends it. Cancelled, the
 * statement fails at once on the load's own thread, the route's transaction rolls back (the lock ends there), the
 * batches stay unloaded and their notifications uncommitted, to be redelivered.
 */
public final class InFlightStatements {

    private static final Logger LOG = LoggerFactory.getLogger(InFlightStatements.class);

    private final Set<Running> running = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelling;

    /** A statement of {@code kind} on {@code c} for a load of {@code table} begins; closing the result says it ended. */
    public Running running(Connection c, SqlIdentifier table, String kind) throws SQLException {
        if (cancelling) {
            // the stop already cancelled the loads in flight: one between two statements must not begin another
            throw new SQLException("load of " + table.sql() + " not continued: the stop cancelled loads in flight", "57014");
        }
        Running r = new Running(c, table, kind, System.nanoTime());
        running.add(r);
        return r;
    }

    /**
     * Cancels every statement under way, with one WARN line per load, and refuses statements that would begin later.
     * Called by the stop once its deadline for loads in flight has passed ({@code routes.shutdown.StopDeadline}).
     *
     * @return how many statements were cancelled
     */
    public int cancelAll() {
        cancelling = true;
        int cancelled = 0;
        for (Running r : running) {
            try {
                cancel(r.connection);
                cancelled++;
                LOG.warn("load table={} cancelled by the stop: statement={} ran_ms={}; its transaction rolls back, its"
                                + " notifications stay uncommitted and will be redelivered",
                        r.table.sql(), r.kind, (System.nanoTime() - r.startedNanos) / 1_000_000);
            } catch (SQLException e) {
                LOG.warn("load table={} statement={} could not be cancelled by the stop: {}", r.table.sql(), r.kind, e.toString());
            }
        }
        return cancelled;
    }

    /**
     * The cancel request {@link java.sql.Statement#cancel} sends, asked of the connection: the dialects' statements
     * (and PostgreSQL's COPY FROM STDIN, which has none) are not visible here, and both drivers' Statement#cancel only
     * checks that its own statement is running and then calls the connection's cancelQuery, which opens a new
     * connection to the server and sends a CancelRequest with the session's process id and secret key
     * (redshift-jdbc42: RedshiftStatementImpl#cancel, RedshiftConnectionImpl#cancelQuery,
     * QueryExecutorBase#sendQueryCancel; docs/redshift.md). The load's own connection is busy and is not touched here.
     */
    private static void cancel(Connection c) throws SQLException {
        if (c.isWrapperFor(PGConnection.class)) {
            c.unwrap(PGConnection.class).cancelQuery();
        } else {
            c.unwrap(RedshiftConnection.class).cancelQuery();
        }
    }

    /** One statement under way. */
    public final class Running implements AutoCloseable {

        private final Connection connection;
        private final SqlIdentifier table;
        private final String kind;
        private final long startedNanos;

        private Running(Connection connection, SqlIdentifier table, String kind, long startedNanos) {
            this.connection = connection;
            this.table = table;
            this.kind = kind;
            this.startedNanos = startedNanos;
        }

        @Override
        public void close() {
            running.remove(this);
        }
    }
}
