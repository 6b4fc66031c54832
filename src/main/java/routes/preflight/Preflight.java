package routes.preflight;

import routes.contract.Warehouse;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.PipelineBeans;
import routes.config.PipelineSettings;
import routes.s3.S3Clients;
import routes.config.S3Settings;
import routes.config.Setting;
import routes.contract.SqlIdentifier;
import routes.contract.TableRouting;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs the checks in the order against the settings {@code run} would use: configuration, Kafka, S3,
 * warehouse, the canary load, reconcile's statements. A check whose prerequisite failed is reported as not
 * run, with the reason, instead of failing a second time.
 */
public final class Preflight {

    private static final Logger LOG = LoggerFactory.getLogger(Preflight.class);

    private final PipelineSettings settings;
    private final PreflightRole role;
    private final boolean writeCanary;
    private final PreflightReport report;

    public Preflight(PipelineSettings settings, PreflightRole role, boolean writeCanary, PreflightReport report) {
        this.settings = settings;
        this.role = role;
        this.writeCanary = writeCanary;
        this.report = report;
    }

    public void run() {
        try (S3Client s3 = S3Clients.create(S3Settings.of(settings))) {
            List<CheckResult> config = guarded("config", () -> new ConfigurationCheck(settings, role, s3).run());
            guarded("kafka", () -> new KafkaCheck(settings, role, writeCanary).run());
            List<CheckResult> s3Lines = guarded("s3", () -> new S3Check(s3, settings, role.loads()).run());
            if (role.loads()) {
                warehouse(s3, failed(config) || failed(s3Lines));
            }
        }
    }

    private void warehouse(S3Client s3, boolean canaryBlocked) {
        PreflightStatements sql = PreflightStatements.forWarehouse(Warehouse.of(settings.get(Setting.WAREHOUSE_DIALECT)));
        String target = PreflightStatements.jdbcTarget(settings.get(Setting.WAREHOUSE_JDBC_URL));
        try (HikariDataSource pool = PipelineBeans.warehouseDataSource(settings)) {
            Set<SqlIdentifier> tables = TableRouting.parse(settings.get(Setting.WAREHOUSE_TABLES)).tables();
            List<CheckResult> warehouse = guarded("warehouse", () -> new WarehouseCheck(pool, sql, target, tables).run());
            if (!WarehouseCheck.connected(warehouse)) {
                report.add(CheckResult.warn("canary.load", "not run: the warehouse did not answer", "fix the warehouse.* lines first"));
            } else if (canaryBlocked) {
                report.add(CheckResult.warn("canary.load", "not run: a config.* or s3.* line failed", "fix those lines first"));
            } else {
                String runId = UUID.randomUUID().toString();
                guarded("canary", () -> new CanaryLoadCheck(pool, PipelineBeans.warehouseDialect(settings, s3),
                        new CanaryBatches(s3, settings, runId), runId, tables, sql,
                        settings.getBoolean(Setting.VIEWS_ENABLED) ? settings.get(Setting.VIEWS_SCHEMA) : null).run());
            }
            if (WarehouseCheck.connected(warehouse)) {
                guarded("reconcile", () -> new ReconcileStatementsCheck(pool, sql, settings).run());
            }
        }
    }

    /** A check that throws anyway (a bug, or a setting no constructor expected) is one FAIL line, not a stack trace. */
    private List<CheckResult> guarded(String area, Supplier<List<CheckResult>> check) {
        List<CheckResult> lines;
        try {
            lines = check.get();
        } catch (RuntimeException e) {
            LOG.debug("{} check could not run", area, e);
            lines = List.of(CheckResult.fail(area, "could not run: " + Failures.describe(e), "see the config.* lines"));
        }
        report.addAll(lines);
        return lines;
    }

    private static boolean failed(List<CheckResult> lines) {
        return lines.stream().anyMatch(l -> l.status() == CheckStatus.FAIL);
    }
}
