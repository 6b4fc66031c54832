package routes.batch;

import java.nio.file.Path;

/** A completed batch written as gzip NDJSON to a local spool file, ready for S3. */
public record SpooledBatch(EventBatch batch, String batchId, String table, String objectKey, Path file,
                           long gzipBytes, String sha256, long startNanos) {
}
