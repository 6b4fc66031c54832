package routes.preflight;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.contract.BatchNotification;
import routes.load.BatchRejectedException;
import routes.load.RedshiftCopyStatements;
import routes.load.RedshiftDialect;
import routes.contract.SqlIdentifier;
import routes.load.WarehouseDialect;
import routes.load.WarehouseSchema;
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
 * The loader's own load path on canary data, rolled back: canary batch objects in S3, then on ONE pooled
 * connection, per cycle, in the loader's order: the dialect's begin (statement timeout) → the loader's schema DDL,
 * only when the ledger or a target does not exist yet (as at the loader's start: with the documented grants and the
 * tables in place, no CREATE right is needed) → lock → alreadyLoaded → stage → merge → recordLoads, then ROLLBACK. Cycles run in the configured target table, so the grants proven are
 * the loader's; nothing stays (checked at the end). The canary objects are deleted whatever happens.
 */
public final class CanaryLoadCheck implements PreflightCheck {

    private static final Logger LOG = LoggerFactory.getLogger(CanaryLoadCheck.class);
    /** Also bounds the wait for LOCK behind a running loader. */
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    /** PostgreSQL's and Redshift's SQLState for "relation does not exist". */
    private static final String UNDEFINED_TABLE = "42P01";

    private final DataSource dataSource;
    private final WarehouseDialect dialect;
    private final CanaryBatches canaries;
    private final CanaryEvents events;
    private final String runId;
    private final Collection<SqlIdentifier> tables;
    private final PreflightStatements sql;

    public CanaryLoadCheck(DataSource dataSource, WarehouseDialect dialect, CanaryBatches canaries, String runId,
                           Collection<SqlIdentifier> tables, PreflightStatements sql) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.canaries = canaries;
        this.events = new CanaryEvents(runId, Instant.now());
        this.runId = runId;
        this.tables = tables;
        this.sql = sql;
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
                lines.add(nothingStayed(c, table, cycles));
            } catch (SQLException e) {
                LOG.debug("canary connection failed", e);
                lines.add(CheckResult.fail("canary.connect", Failures.describe(e), "check " + Failures.warehouseSetting(e)));
            }
        } finally {
            int left = canaries.deleteAll();
            lines.add(left == 0 ? CheckResult.pass("canary.cleanup", "deleted " + canaries.objectCount()
                            + " object(s) under " + canaries.runPrefix() + (isRedshift() ? " and the cycles' manifests" : ""))
                    : CheckResult.warn("canary.cleanup", left + " canary object(s) could not be deleted",
                    "delete " + canaries.runPrefix() + " by hand"));
        }
        return lines;
    }

    private CheckResult runCycle(Connection c, SqlIdentifier table, int n, CanaryCycle cycle) {
        String check = "canary.cycle" + n + "." + cycle.name();
        String loadId = UUID.randomUUID().toString();
        long started = System.nanoTime();
        try {
            openCycle(c, dialect, table, tables, STATEMENT_TIMEOUT);
            List<String> ids = cycle.batches().stream().map(BatchNotification::batchId).toList();
            Set<String> already = dialect.alreadyLoaded(c, ids);
            WarehouseDialect.Staged staged;
            try {
                staged = dialect.stage(c, table, loadId, cycle.batches());
            } finally {
                rememberManifest(table, loadId);
            }
            WarehouseDialect.Merged merged = staged.loaded().isEmpty() ? new WarehouseDialect.Merged(0, 0, java.util.Map.of())
                    : dialect.merge(c, table, loadId, staged);
            List<WarehouseDialect.LedgerEntry> ledger = WarehouseDialect.LedgerEntry.of(staged, merged);
            if (!ledger.isEmpty()) {
                dialect.recordLoads(c, table, loadId, ledger);
            }
            Set<String> recorded = dialect.alreadyLoaded(c, ids);
            String stored = cycle.readsBack() == null ? null : storedTime(c, table, cycle.readsBack());
            CanaryOutcome outcome = new CanaryOutcome(already.size(), staged.totalRows(), merged.inserted(), merged.duplicates(),
                    staged.failed().stream().map(f -> f.reason()).toList(), recorded.size(), ledger.size(), stored);
            return cycle.judge(check, outcome, isRedshift(), millis(started));
        } catch (BatchRejectedException e) {
            return cycle.judgeRejection(check, e.getMessage(), isRedshift(), millis(started));
        } catch (SQLException | RuntimeException e) {
            LOG.debug("canary cycle {} failed", check, e);
            return cycle.judgeFailure(check, Failures.describe(e), Failures.warehouseSetting(e), isRedshift());
        } finally {
            rollback(c);
        }
    }

    /** occurred_at of the row whose event_id is exactly the canary {@code name}'s, or null when there is none. */
    /**
     * The start of a cycle, in the loader's order (routes.yaml's loader-load-transaction): the statement timeout first,
     * so that it bounds the LOCK's wait too; the start-up DDL only when something is missing (IF NOT EXISTS: proves the
     * loader's start-up DDL, rolled back with the rest), then the LOCK.
     */
    static void openCycle(Connection c, WarehouseDialect dialect, SqlIdentifier table, Collection<SqlIdentifier> tables,
                          Duration timeout) throws SQLException {
        dialect.begin(c, timeout);
        if (!WarehouseSchema.allExist(c, tables)) {
            try (Statement st = c.createStatement()) {
                for (String ddl : WarehouseSchema.statements(dialect.name(), tables)) {
                    st.execute(ddl);
                }
            }
        }
        dialect.lock(c, table);
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
            int ledger = dialect.alreadyLoaded(c, ids).size();
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

    private void rememberManifest(SqlIdentifier table, String loadId) {
        if (isRedshift()) {
            canaries.alsoDelete(RedshiftCopyStatements.manifestKey(table, loadId));
        }
    }

    private boolean isRedshift() {
        return RedshiftDialect.NAME.equals(dialect.name());
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
