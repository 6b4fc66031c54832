package routes.preflight;

import routes.contract.Warehouse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.reconcile.IgnoredPaths;
import routes.reconcile.KeyPattern;
import routes.reconcile.ReconcileOptions;
import routes.reconcile.ReconcileQueries;
import routes.reconcile.ReconcileRehearsal;
import routes.reconcile.TableMapping;
import routes.reconcile.TimeWindow;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reconcile's statements on two small tables of the configured shapes (the pipeline's, and the legacy one as
 * {@code pipeline.reconcile.legacy.*} maps it), created in {@code event_pipeline} inside one transaction that is
 * rolled back. Five ids cover every finding reconcile reports: one equal on both sides, one whose payload differs
 * in field {@code a}, one only in each table, one twice in the pipeline's. The line passes when every statement
 * runs and finds exactly those.
 */
public final class ReconcileStatementsCheck implements PreflightCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileStatementsCheck.class);
    private static final String CHECK = "reconcile.statements";
    private static final Instant HOUR = Instant.parse("2020-01-01T10:00:00Z");
    private static final String KEY = "preflight.reconcile";

    private final DataSource pool;
    private final PreflightStatements sql;
    private final PipelineSettings settings;

    public ReconcileStatementsCheck(DataSource pool, PreflightStatements sql, PipelineSettings settings) {
        this.pool = pool;
        this.sql = sql;
        this.settings = settings;
    }

    @Override
    public List<CheckResult> run() {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        ReconcileOptions configured = ReconcileOptions.from(settings, TimeWindow.of(HOUR, HOUR.plusSeconds(3600)),
                "event_pipeline.preflight_new_" + suffix, "event_pipeline.preflight_legacy_" + suffix, "*");
        TableMapping legacy = configured.legacyTable();
        ReconcileOptions options = new ReconcileOptions(configured.window(), configured.newTable(), legacy,
                new KeyPattern("*"), IgnoredPaths.parse(""), 20, configured.statementTimeoutSeconds());
        ReconcileQueries queries = ReconcileQueries.forWarehouse(Warehouse.of(settings.get(Setting.WAREHOUSE_DIALECT)), options);
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                fixture(c, options.newTable(), legacy);
                Map<String, List<List<String>>> answers = new ReconcileRehearsal(queries,
                        options.statementTimeoutSeconds()).run(c);
                return List.of(verdict(answers));
            } finally {
                c.rollback();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("reconcile rehearsal failed", e);
            return List.of(CheckResult.fail(CHECK, "a reconcile statement failed on this warehouse: "
                    + firstLine(e.getMessage()), "keep the report and raise it; check pipeline.reconcile.legacy.* "
                    + "against the legacy table's real columns"));
        }
    }

    private void fixture(Connection c, TableMapping fresh, TableMapping legacy) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql.createSchema(fresh.table()));
            st.execute(sql.createReconcileTable(fresh));
            st.execute(sql.createReconcileTable(legacy));
        }
        insert(c, fresh, List.of("pf-same", "pf-diff", "pf-only-new", "pf-dup", "pf-dup"), "{\"a\":1,\"b\":\"x\"}");
        insert(c, legacy, List.of("pf-same", "pf-only-legacy", "pf-dup"), "{\"a\":1,\"b\":\"x\"}");
        insert(c, legacy, List.of("pf-diff"), "{\"a\":2,\"b\":\"x\"}");
    }

    private void insert(Connection c, TableMapping table, List<String> ids, String payload) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.insertReconcileRow(table))) {
            for (String id : ids) {
                ps.setString(1, id);
                ps.setString(2, KEY);
                ps.setString(3, HOUR.plusSeconds(60).toString());
                ps.setString(4, HOUR.plusSeconds(65).toString());
                ps.setString(5, payload);
                ps.executeUpdate();
            }
        }
    }

    /** Every statement ran; the ids each one names are exactly the fixture's. */
    static CheckResult verdict(Map<String, List<List<String>>> answers) {
        List<String> wrong = new ArrayList<>();
        expect(wrong, "only-in-new", firstColumn(answers.get("only-in-new")), List.of("pf-only-new"));
        expect(wrong, "only-in-legacy", firstColumn(answers.get("only-in-legacy")), List.of("pf-only-legacy"));
        expect(wrong, "duplicates-new", firstColumn(answers.get("duplicates-new")), List.of("pf-dup"));
        expect(wrong, "duplicates-legacy", firstColumn(answers.get("duplicates-legacy")), List.of());
        List<String> differing = answers.get("content").stream().filter(r -> "sample".equals(r.get(0)))
                .map(r -> r.get(5) + ":" + r.get(3)).distinct().toList();
        expect(wrong, "content", differing, List.of("pf-diff:a"));
        if (answers.get("counts").isEmpty() || answers.get("latency").isEmpty()) {
            wrong.add("counts/latency returned no rows");
        }
        if (!wrong.isEmpty()) {
            return CheckResult.fail(CHECK, "reconcile's statements ran but answered wrongly: " + String.join("; ", wrong),
                    "keep the report and raise it: reconcile would misreport on this warehouse");
        }
        return CheckResult.pass(CHECK, answers.size() + " statements ran on two rolled-back tables and found the"
                + " fixture's one missing id per side, one duplicate and one differing field");
    }

    private static void expect(List<String> wrong, String name, List<String> actual, List<String> expected) {
        if (!actual.equals(expected)) {
            wrong.add(name + " gave " + actual + ", expected " + expected);
        }
    }

    private static List<String> firstColumn(List<List<String>> rows) {
        return rows.stream().map(r -> r.get(0)).toList();
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
