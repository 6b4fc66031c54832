package routes;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;
import routes.config.PipelineSettings;
import routes.config.RunRequirements;
import routes.config.RunRequirements.Need;
import routes.config.Setting;
import routes.contract.GlobPattern;
import routes.contract.Warehouse;
import routes.fields.FieldHistory;
import routes.fields.FieldHistoryReader;
import routes.fields.FieldHistoryRow;
import routes.fields.FieldsText;
import routes.reconcile.TimeWindow;
import routes.reconcile.WarehouseServer;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "fields", mixinStandardHelpOptions = true,
        description = {"Prints the fields of event keys as the loader recorded them",
                "(event_pipeline.event_fields): each path with its types, first and last seen,",
                "events counted, and \"not seen since\" when quiet for longer than",
                "pipeline.fields.quiet-after-h. With --changes: the changes in time order (new",
                "path, new type at its first-seen time, path not seen). Reads only; prints",
                "event keys, paths and types, never a value.",
                "Exit 0: done (also when nothing matches); 2: could not run."})
final class FieldsCommand implements Callable<Integer> {


    @Option(names = "--key", paramLabel = "GLOB", defaultValue = "*",
            description = "Only event keys matching this glob, e.g. 'payroll.*' (default: ${DEFAULT-VALUE}).")
    String key;

    @Option(names = "--since", paramLabel = "T",
            description = {"Only what happened at or after T: an ISO-8601",
                    "time (no offset = UTC) or an age back from now, a",
                    "number and s, m, h or d (e.g. 7d). Without",
                    "--changes: the fields last seen since T."})
    String since;

    @Option(names = "--changes", description = "The history of changes instead of the current fields.")
    boolean changes;

    @Option(names = "--json", description = "One JSON array instead of a table (times in full precision).")
    boolean json;

    @Mixin
    SettingsOptions options;

    @Unmatched
    List<String> overrides = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return OperateExits.guard("fields", this::fields);
    }

    private int fields() throws Exception {
        Instant now = Clock.systemUTC().instant();
        GlobPattern keys = GlobPattern.compile(key);
        Instant from = since == null ? null : since(since, now);
        PipelineSettings settings = options.resolve(null, overrides).build();
        RunRequirements.check(settings, "fields", EnumSet.of(Need.WAREHOUSE));
        Instant quietSince = now.minus(Duration.ofHours(settings.getInt(Setting.FIELDS_QUIET_AFTER_H)));
        String url = settings.get(Setting.WAREHOUSE_JDBC_URL);
        List<FieldHistoryRow> rows;
        try (Connection c = DriverManager.getConnection(url, settings.get(Setting.WAREHOUSE_USER),
                settings.secret(Setting.WAREHOUSE_PASSWORD))) {
            WarehouseServer.requireWarehouse(c, Warehouse.of(settings.get(Setting.WAREHOUSE_DIALECT)), url);
            rows = FieldHistoryReader.rows(c, keys);
        }
        print(new FieldHistory(rows, quietSince), from, spec.commandLine().getOut());
        return OperateExits.OK;
    }

    private void print(FieldHistory history, Instant from, PrintWriter out) throws Exception {
        if (changes) {
            var list = history.changes(from);
            if (json) {
                out.println(FieldsText.changesJson(list));
            } else if (list.isEmpty()) {
                out.println("no field changes recorded for event keys matching '" + key + "'" + sinceText(from));
            } else {
                FieldsText.changes(list).forEach(out::println);
            }
        } else {
            var list = history.fields(from);
            if (json) {
                out.println(FieldsText.fieldsJson(list));
            } else if (list.isEmpty()) {
                out.println("no fields recorded for event keys matching '" + key + "'" + sinceText(from));
            } else {
                FieldsText.fields(list).forEach(out::println);
            }
        }
        out.flush();
    }

    private static String sinceText(Instant from) {
        return from == null ? "" : " since " + FieldsText.time(from);
    }

    /** {@code --since}: an ISO-8601 time, or a number and s, m, h or d before {@code now}. */
    static Instant since(String text, Instant now) {
        return AgeOption.parse(text).map(now::minus)
                .orElseGet(() -> TimeWindow.parse(text, "--since (an ISO-8601 time or an age such as 7d)"));
    }
}
