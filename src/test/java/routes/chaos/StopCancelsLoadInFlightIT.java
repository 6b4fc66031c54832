package routes.chaos;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import routes.PipelineRuntime;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.load.InFlightStatements;
import routes.shutdown.StopDeadline;
import routes.testing.EmbeddedServices;
import routes.testing.TestPipelines;
import routes.testing.EventFeed;
import routes.testing.TestPipelines.Namespace;
import routes.testing.Warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pipeline stopped while its load waits on a statement that does not end (here another session holds the target
 * table's lock, as a long COPY would hold the loader): once the stop's deadline for loads in flight has passed, the
 * statement is cancelled and the load's transaction rolls back, so the stopped loader leaves no session holding a
 * lock, nothing of the load is committed, and after a restart every event is in the table exactly once.
 */
@ExtendWith(EmbeddedServices.class)
class StopCancelsLoadInFlightIT {

    private static final int KEYS = 4;
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(1);

    private final Namespace ns = Namespace.random();
    private final EventFeed feed = new EventFeed(ns, KEYS);

    @Test
    void aStopCancelsTheLoadInFlightSoItsTransactionHoldsNoLockAndEveryEventLoadsOnceAfterRestart() throws Exception {
        ns.createTopics(3);
        PipelineSettings settings = TestPipelines.settings(ns)
                .set(Setting.BATCH_MAX_AGE_MS, "1000")
                .set(Setting.SHUTDOWN_FLUSH_TIMEOUT_MS, Long.toString(FLUSH_TIMEOUT.toMillis()))
                .build();
        PipelineRuntime pipeline = PipelineRuntime.start(settings);
        boolean stopped = false;
        ListAppender<ILoggingEvent> logs = captureLogs();
        try (Connection other = EmbeddedServices.dataSource().getConnection(); Statement st = other.createStatement()) {
            feed.send(1_000);
            feed.drain();
            long ledgerRows = ledgerRows();

            other.setAutoCommit(false);
            st.execute("LOCK TABLE " + ns.table() + " IN ACCESS EXCLUSIVE MODE");
            feed.send(500);
            int loader = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> blockedLoader(other), pid -> pid > 0);

            long stopping = System.nanoTime();
            pipeline.close();
            stopped = true;
            Duration stop = Duration.ofNanos(System.nanoTime() - stopping);

            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertThat(locksHeldBy(other, loader))
                            .as("locks still held by the stopped loader's session (pg_locks)").isZero());
            assertThat(count(other, "select count(*) from " + ns.table())).as("rows after the stop").isEqualTo(1_000);
            assertThat(ledgerRows()).as("ledger rows after the stop").isEqualTo(ledgerRows);
            assertThat(stop).as("the stop ends soon after its deadline for loads in flight")
                    .isLessThan(FLUSH_TIMEOUT.plus(StopDeadline.AFTER_FLUSH));
            assertThat(logs.list).as("a WARN line per cancelled load").filteredOn(e ->
                    e.getLoggerName().equals(InFlightStatements.class.getName())
                            && e.getFormattedMessage().contains("table=" + ns.table() + " cancelled by the stop"))
                    .isNotEmpty().allMatch(e -> e.getFormattedMessage().matches(".* statement=\\w+ ran_ms=\\d+;.*"));
            other.rollback();
        } finally {
            detach(logs);
            if (!stopped) {
                pipeline.close();
            }
        }

        PipelineRuntime restarted = PipelineRuntime.start(settings);
        try {
            feed.drain();
            ExactlyOnce.verify(ns, feed.produced(), KEYS);
        } finally {
            long stopping = System.nanoTime();
            restarted.close();
            assertThat(Duration.ofNanos(System.nanoTime() - stopping)).as("a stop with no load in flight does not wait"
                    + " for the moment loads in flight are cancelled").isLessThan(FLUSH_TIMEOUT.plus(StopDeadline.IN_FLIGHT));
        }
    }

    /**
     * The loader's session that holds its table's load lock (an advisory lock) and waits for {@code other}'s lock,
     * seen from {@code other} (0 while there is none).
     */
    private int blockedLoader(Connection other) throws SQLException {
        return (int) count(other, "select coalesce(min(a.pid), 0) from pg_stat_activity a join pg_locks l on l.pid = a.pid"
                + " where a.datname = current_database() and a.pid <> pg_backend_pid() and a.wait_event_type = 'Lock'"
                + " and l.locktype = 'advisory' and l.granted");
    }

    private static long locksHeldBy(Connection other, int pid) throws SQLException {
        try (PreparedStatement ps = other.prepareStatement("select count(*) from pg_locks where pid = ? and granted"
                + " and locktype <> 'virtualxid'")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long ledgerRows() {
        return Warehouse.count("select count(*) from event_pipeline.loads where target_table = '" + ns.table() + "'");
    }

    private static ListAppender<ILoggingEvent> captureLogs() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(appender);
        return appender;
    }

    private static void detach(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(appender);
        appender.stop();
    }
}
