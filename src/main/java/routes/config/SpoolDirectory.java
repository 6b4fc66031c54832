package routes.config;

import java.nio.file.Path;

/** The batcher's spool directory ({@code pipeline.batch.spool-dir}, default a directory in java.io.tmpdir), in one place for the batcher and {@code janitor}. */
public final class SpoolDirectory {

    private SpoolDirectory() {
    }

    public static Path of(PipelineSettings settings) {
        String configured = settings.get(Setting.BATCH_SPOOL_DIR);
        return configured.isEmpty() ? Path.of(System.getProperty("java.io.tmpdir"), "event-pipeline-spool") : Path.of(configured);
    }
}
