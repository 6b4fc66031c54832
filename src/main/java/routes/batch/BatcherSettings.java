package routes.batch;

import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.config.SpoolDirectory;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The batcher's settings, typed and checked once at start (the declarations in {@link Setting} hold their
 * rules and docs): the beans of the batcher are built from this, not from the settings bag.
 */
public record BatcherSettings(BatchLimits limits, Duration maxAge, long memoryBudgetBytes, int memoryBudgetMinRecords,
                              int writerThreads, int gzipLevel, Path spoolDirectory, EventSizeLimits admission,
                              FieldObservationLimits observation) {

    public static BatcherSettings of(PipelineSettings settings) {
        return new BatcherSettings(
                new BatchLimits(settings.getInt(Setting.BATCH_MAX_RECORDS), settings.getLong(Setting.BATCH_MAX_BYTES)),
                Duration.ofMillis(settings.getLong(Setting.BATCH_MAX_AGE_MS)),
                settings.getLong(Setting.BATCH_MEMORY_BUDGET_BYTES), settings.getInt(Setting.BATCH_MEMORY_BUDGET_MIN_RECORDS),
                settings.getInt(Setting.BATCH_WRITER_THREADS), settings.getInt(Setting.BATCH_GZIP_LEVEL),
                SpoolDirectory.of(settings),
                new EventSizeLimits(settings.getInt(Setting.EVENT_MAX_BYTES), settings.getInt(Setting.EVENT_MAX_DEPTH)),
                new FieldObservationLimits(settings.getInt(Setting.FIELDS_MAX_PATHS), settings.getInt(Setting.FIELDS_MAX_DEPTH),
                        settings.getInt(Setting.FIELDS_MAX_PATH_BYTES)));
    }
}
