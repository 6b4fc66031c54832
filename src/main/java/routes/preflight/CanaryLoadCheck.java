package routes.preflight;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.contract.BatchNotification;
import routes.contract.SqlIdentifier;
import routes.load.BatchRejectedException;
import routes.load.FailedBatch;
import routes.load.LoadAttempt;
import routes.load.WarehouseDialect;
import routes.load.WarehouseLoad;
import routes.load.WarehouseSchema;
import routes.fields.ViewStatements;
import software.amazon.awssdk.core.exception.SdkException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The loader's own load on canary data, rolled back: canary batch objects in S3, then on ONE pooled connection, per
 * cycle: the loader's schema DDL, only when the ledger or a target does not exist yet (as at the loader's start: with
 * the documented grants and the tables in place, no CREATE right is needed) → {@link WarehouseLoad#run}, the same
 * unit of work the loader runs inside its transaction (statement timeout → lock → ledger read → stage → dedupe insert
 * → ledger rows → field history), in the first cycle the views per event key ({@link CanaryView}) → ROLLBACK. Cycles run in the configured target table, so the grants proven are the loader's; nothing
 * stays (checked at the end). The canary objects are deleted whatever happens.
 */
public final class CanaryLoadCheck implements PreflightCheck {

    private static final Logger LOG = LoggerFactory.getLogger(CanaryLoadCheck.class);
    /** Also bounds the wait for LOCK behind a running loader. */
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    /** PostgreSQL's and Redshift's SQLState for "relation does not exist". */
    private static final String UNDEFINED_TABLE = "42P01";

    private final DataSource dataSource;
    private final WarehouseDialect dialect;
    private final WarehouseLoad load;
    private final CanaryBatches canaries;
    private final CanaryEvents events;
    private final String runId;
    private final Collection<SqlIdentifier> tables;
    private final PreflightStatements sql;
    /** The views per event key rehearsed in the first cycle's transaction; null when the loader keeps none. */
    private final CanaryView view;
    private CheckResult viewLine;

    public CanaryLoadCheck(DataSource dataSource, WarehouseDialect dialect, CanaryBatches canaries, String runId,
                           Collection<SqlIdentifier> tables, PreflightStatements sql) {
        this(dataSource, dialect, canaries, runId, tables, sql, null);
    }

    /** @param viewsSchema the schema of the views per event key, or null when pipeline.views.enabled is false */
    public CanaryLoadCheck(DataSource dataSource, WarehouseDialect dialect, CanaryBatches canaries, String runId,
                           Collection<SqlIdentifier> tables, PreflightStatements sql, String viewsSchema) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.load = new WarehouseLoad(dialect, STATEMENT_TIMEOUT);
        this.canaries = canaries;
        this.events = new CanaryEvents(runId, Instant.now());
        this.runId = runId;
        this.tables = tables;
        this.sql = sql;
        this.view = viewsSchema == null ? null
                : new CanaryView(ViewStatements.forWarehouse(dialect.warehouse()), viewsSchema, runId);
    }

    @Override
    public List<CheckResult> run() {
        List<CheckResult> lines = new ArrayList<>();
        SqlIdentifier table = SqlIdentifier.of(canaries.table());
        try {
            List<CanaryCycle> cycles;
            try {
                cycles = CanaryCycle.plan(canaries, events);
            } catch (SdkException e) {
                LOG.debug("canary upload failed", e);
                lines.add(CheckResult.fail("canary.upload", "could not write canary objects under " + canaries.runPrefix()
                        + ": " + Failures.describe(e), "see the s3.* lines; check pipeline.s3.bucket"));
                return lines;
            }
            lines.add(CheckResult.pass("canary.upload", canaries.objectCount() + " canary batch objects under "
                    + canaries.runPrefix() + "; target " + table + " (the configured table: its grants are the loader's)"));
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                int n = 0;
                for (CanaryCycle cycle : cycles) {
                    lines.add(runCycle(c, table, ++n, cycle));
                }
                if (viewLine != null) {
                    lines.add(viewLine);
                }
                lines.add(nothingStayed(c, table, cycles));
            } catch (SQLException e) {
                LOG.debug("canary connection failed", e);
                lines.add(CheckResult.fail("canary.connect", Failures.describe(e), "check " + Failures.warehouseSetting(e)));
            }
        } finally {
            int left = canaries.deleteAll();
            lines.add(left == 0 ? CheckResult.pass("canary.cleanup", "deleted " + canaries.objectCount()
                            + " object(s) under " + canaries.runPrefix() + (oneCopyPerLoad() ? " and the cycles' manifests" : ""))
                    : CheckResult.warn("canary.cleanup", left + " canary object(s) could not be deleted",
                    "delete " + canaries.runPrefix() + " by hand"));
        }
        return lines;
    }

    /**
     * One cycle: the start-up DDL when something is missing, then the loader's own load ({@link WarehouseLoad#run},
     * the very call routes.yaml's loader-load-transaction makes), then what it left read back, then ROLLBACK.
     */
    private CheckResult runCycle(Connection c, SqlIdentifier table, int n, CanaryCycle cycle) {
        String check = "canary.cycle" + n + "." + cycle.name();
        LoadAttempt attempt = LoadAttempt.of(table, UUID.randomUUID().toString(), cycle.batches());
        long started = System.nanoTime();
        try {
            createMissingTables(c, dialect, tables, STATEMENT_TIMEOUT);
            try {
                load.run(c, attempt);
            } finally {
                dialect.objectsWrittenBy(table, attempt.loadId()).forEach(canaries::alsoDelete);
            }
            List<String> ids = cycle.batches().stream().map(BatchNotification::batchId).toList();
            Set<String> recorded = dialect.alreadyLoaded(c, table, ids);
            String stored = cycle.readsBack() == null ? null : storedTime(c, table, cycle.readsBack());
            CanaryOutcome outcome = new CanaryOutcome(attempt.alreadyLoaded(), attempt.stagedRows(), attempt.inserted(),
                    attempt.duplicates(), attempt.failed().stream().map(FailedBatch::reason).toList(), recorded.size(),
                    attempt.hasStagedRows() ? attempt.ledger().size() : 0, stored);
            if (view != null && viewLine == null) {
                // last in the transaction: a failing view statement aborts it, and nothing of the cycle is left to read
                viewLine = view.rehearse(c, table);
            }
            return cycle.judge(check, outcome, millis(started));
        } catch (BatchRejectedException e) {
            return cycle.judgeRejection(check, e.getMessage(), oneCopyPerLoad(), millis(started));
        } catch (SQLException | RuntimeException e) {
            LOG.debug("canary cycle {} failed", check, e);
            return cycle.judgeFailure(check, Failures.describe(e), Failures.warehouseSetting(e), oneCopyPerLoad());
        } finally {
            rollback(c);
        }
    }

    /**
     * The loader's start-up DDL, only when the ledger or a target is missing (as at the loader's start: with the
     * documented grants and the tables in place, no CREATE right is needed); IF NOT EXISTS, rolled back with the rest.
     * The transaction's limits come first so that the statement timeout bounds the DDL's waits as well (the load sets
     * them again, as it does for the loader).
     */
    static void createMissingTables(Connection c, WarehouseDialect dialect, Collection<SqlIdentifier> tables,
                                    Duration timeout) throws SQLException {
        dialect.begin(c, timeout);
        if (!WarehouseSchema.allExist(c, tables)) {
            try (Statement st = c.createStatement()) {
                for (String ddl : WarehouseSchema.statements(c, dialect.warehouse(), tables)) {
                    st.execute(ddl);
                }
            }
        }
    }

    private String storedTime(Connection c, SqlIdentifier table, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.storedOccurredAt(table))) {
            ps.setString(1, events.id(name));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1, OffsetDateTime.class).toInstant().toString() : null;
            }
        }
    }

    /** After every ROLLBACK: no canary row in the target, no canary batch in the ledger. */
    private CheckResult nothingStayed(Connection c, SqlIdentifier table, List<CanaryCycle> cycles) {
        try {
            long rows;
            try (PreparedStatement ps = c.prepareStatement(sql.canaryRows(table))) {
                ps.setString(1, "preflight-" + runId + "-%");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    rows = rs.getLong(1);
                }
            }
            List<String> ids = cycles.stream().flatMap(cy -> cy.batches().stream()).map(BatchNotification::batchId).toList();
            int ledger = dialect.alreadyLoaded(c, table, ids).size();
            return rows == 0 && ledger == 0
                    ? CheckResult.pass("canary.rolled-back", "no canary row in " + table + ", no canary batch in the ledger")
                    : CheckResult.fail("canary.rolled-back", rows + " canary row(s) and " + ledger + " ledger row(s) stayed",
                    "delete event_id LIKE 'preflight-" + runId + "-%' and report a bug: the rollback did not hold");
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                // the canary created the table or ledger inside its transactions; after ROLLBACK it is gone again
                return CheckResult.pass("canary.rolled-back", "nothing stayed: " + table + " or the ledger did not exist"
                        + " before the canary, and after the rollbacks it still does not");
            }
            return CheckResult.warn("canary.rolled-back", "could not look: " + Failures.describe(e),
                    "look for event_id LIKE 'preflight-" + runId + "-%' in " + table);
        } finally {
            rollback(c);
        }
    }

    /** The warehouse stages a load with one COPY, so a batch at fault fails it whole instead of being set aside. */
    private boolean oneCopyPerLoad() {
        return !dialect.stagesEachBatchApart();
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed", e);
        }
    }

    private static long millis(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
