package routes.reconcile;

import routes.config.PipelineSettings;
import routes.config.Setting;

/** What to compare: the window, both tables with their columns, the key pattern and the known differences. */
public record ReconcileOptions(TimeWindow window, TableMapping newTable, TableMapping legacyTable,
                               KeyPattern keyPattern, IgnoredPaths ignorePaths, int sampleSize,
                               int statementTimeoutSeconds) {

    public ReconcileOptions {
        if (sampleSize < 0 || sampleSize > 10_000) {
            throw new IllegalArgumentException("pipeline.reconcile.sample-size must be 0..10000");
        }
        if (newTable.table().equals(legacyTable.table())) {
            throw new IllegalArgumentException("the new and the legacy table are the same table");
        }
    }

    /**
     * From the settings ({@code pipeline.reconcile.*}); the table names and key pattern come already
     * resolved (the command's options win over the settings).
     */
    public static ReconcileOptions from(PipelineSettings settings, TimeWindow window, String table,
                                        String legacyTable, String keyPattern) {
        return new ReconcileOptions(window,
                TableMapping.contract(table),
                TableMapping.of(legacyTable, settings.get(Setting.RECONCILE_LEGACY_COLUMN_ID),
                        settings.get(Setting.RECONCILE_LEGACY_COLUMN_KEY), settings.get(Setting.RECONCILE_LEGACY_COLUMN_OCCURRED_AT),
                        settings.get(Setting.RECONCILE_LEGACY_COLUMN_PAYLOAD), settings.get(Setting.RECONCILE_LEGACY_COLUMN_LOADED_AT),
                        PayloadType.parse(settings.get(Setting.RECONCILE_LEGACY_PAYLOAD_TYPE))),
                new KeyPattern(keyPattern),
                IgnoredPaths.parse(settings.get(Setting.RECONCILE_IGNORE_PATHS)),
                settings.getInt(Setting.RECONCILE_SAMPLE_SIZE),
                settings.getInt(Setting.RECONCILE_STATEMENT_TIMEOUT_S));
    }

    public ReconcileOptions withWindow(TimeWindow other) {
        return new ReconcileOptions(other, newTable, legacyTable, keyPattern, ignorePaths, sampleSize,
                statementTimeoutSeconds);
    }
}
