package routes;

import routes.contract.Warehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;
import routes.config.PipelineSettings;
import routes.config.RunRequirements;
import routes.config.SettingsException;
import routes.config.RunRequirements.Need;
import routes.config.Setting;
import routes.reconcile.RecheckPlan;
import routes.reconcile.ReconcileOptions;
import routes.reconcile.ReconcileQueries;
import routes.reconcile.ReconcileReport;
import routes.reconcile.Reconciler;
import routes.reconcile.ReportWriter;
import routes.reconcile.TimeWindow;
import routes.reconcile.WarehouseServer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = {"Compares the new pipeline's table with the legacy pipeline's table over an occurred_at window,",
                "inside the warehouse (read-only, one snapshot, no LOCK): counts per event key and hour, missing and",
                "extra ids, duplicates, content, latency and throughput. Writes report.json and report.html.",
                "Runs on PostgreSQL and Amazon Redshift (pipeline.warehouse.dialect); the server must match the dialect.",
                "Exit 0: the window reconciles; 1: it does not; 2: error."})
final class ReconcileCommand implements Callable<Integer> {

    static final int RECONCILED = OperateExits.OK;
    static final int NOT_RECONCILED = OperateExits.FAILED;

    @Option(names = "--from", paramLabel = "TIME", description = "Start of the window, inclusive (ISO-8601; no offset = UTC). Required unless --recheck.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "End of the window, exclusive (ISO-8601; no offset = UTC). Required unless --recheck.")
    String to;

    @Option(names = "--table", paramLabel = "T", description = "The new pipeline's table (default: pipeline.reconcile.table = public.events).")
    String table;

    @Option(names = "--legacy-table", paramLabel = "T", description = "The legacy pipeline's table (default: pipeline.reconcile.legacy.table); its columns: pipeline.reconcile.legacy.column.*.")
    String legacyTable;

    @Option(names = "--key-pattern", paramLabel = "GLOB", description = "Only event keys matching this glob, e.g. 'payroll.*' (default: pipeline.reconcile.key-pattern = *).")
    String keyPattern;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for report.json and report.html (default: pipeline.reconcile.out = target/reconcile).")
    Path out;

    @Option(names = "--recheck", description = "Compare again only the hours that did not reconcile in the previous report.json in --out.")
    boolean recheck;

    @Mixin
    SettingsOptions options;

    /** {@code --key=value} settings (see {@link SettingsOptions#resolve}). */
    @Unmatched
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
        return OperateExits.guard("reconcile", this::reconcile);
    }

    private int reconcile() throws Exception {
        PipelineSettings settings = options.resolve(null, overrides).build();
        // the dialect is checked against the server below; the connection must be given, never the local one
        RunRequirements.check(settings, "reconcile", EnumSet.of(Need.WAREHOUSE));
        Path dir = out != null ? out : Path.of(settings.get(Setting.RECONCILE_OUT));
        TimeWindow window = null;
        List<String> recheckedHours = null;
        if (recheck) {
            RecheckPlan plan = RecheckPlan.fromPrevious(dir);
            if (plan.nothingToDo()) {
                System.out.println("the previous report in " + dir + " reconciles: nothing to re-check");
                return RECONCILED;
            }
            window = plan.window();
            recheckedHours = plan.hours();
        } else if (from == null || to == null) {
            throw new IllegalArgumentException("--from and --to are required (or --recheck)");
        } else {
            window = TimeWindow.of(TimeWindow.parse(from, "--from"), TimeWindow.parse(to, "--to"));
        }
        ReconcileOptions reconcile = ReconcileOptions.from(settings, window,
                table != null ? table : settings.get(Setting.RECONCILE_TABLE),
                legacyTable != null ? legacyTable : settings.get(Setting.RECONCILE_LEGACY_TABLE),
                keyPattern != null ? keyPattern : settings.get(Setting.RECONCILE_KEY_PATTERN));
        Warehouse warehouse = Warehouse.of(settings.get(Setting.WAREHOUSE_DIALECT));
        ReconcileQueries queries = ReconcileQueries.forWarehouse(warehouse, reconcile);
        String url = settings.get(Setting.WAREHOUSE_JDBC_URL);
        ReconcileReport report;
        try (Connection c = DriverManager.getConnection(url, settings.get(Setting.WAREHOUSE_USER),
                settings.secret(Setting.WAREHOUSE_PASSWORD))) {
            WarehouseServer.requireWarehouse(c, warehouse, url);
            report = new Reconciler(reconcile, queries).run(c, recheckedHours);
        }
        ReportWriter.write(report, dir);
        ReportWriter.summary(report, dir, System.out);
        return report.reconciled() ? RECONCILED : NOT_RECONCILED;
    }

}
