package routes.batch;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.contract.ExchangeProperties;
import routes.contract.TableRouting;
import routes.monitor.PipelineMetrics;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * First and last step of writing a completed batch: {@link #spool} gzips the lines to a file and sets the
 * S3 headers; {@link #acknowledged} runs once the notification is on topic B and logs the batch's line. The
 * batch's offset holds are released by its exchange's completion (EventBatchAggregation#onCompletion), not by a
 * step. A batch that fails on the way is abandoned (file deleted, memory released) but keeps its
 * holds, so its records are never committed and come back after a restart or rebalance.
 */
public final class BatchSpooler {

    private static final Logger LOG = LoggerFactory.getLogger(BatchSpooler.class);

    private final BatchObjectNaming naming;
    private final TableRouting tableRouting;
    private final BatchMemoryBudget budget;
    private final Path spoolDir;
    private final int gzipLevel;
    private final PipelineMetrics metrics;

    public BatchSpooler(BatchObjectNaming naming, TableRouting tableRouting, BatchMemoryBudget budget,
                        Path spoolDir, int gzipLevel, PipelineMetrics metrics) {
        this.naming = naming;
        this.tableRouting = tableRouting;
        this.budget = budget;
        this.spoolDir = spoolDir;
        this.gzipLevel = gzipLevel;
        this.metrics = metrics;
    }

    public void spool(Exchange exchange) throws IOException {
        long start = System.nanoTime();
        EventBatch batch = exchange.getMessage().getBody(EventBatch.class);
        budget.completing(batch);
        String batchId = naming.batchId(batch.sources());
        String key = naming.objectKey(batch, batchId);
        Files.createDirectories(spoolDir);
        Path file = Files.createTempFile(spoolDir, "batch-", ".ndjson.gz");
        exchange.getExchangeExtension().addOnCompletion(new Cleanup(batch, file));

        MessageDigest sha256 = sha256();
        try (OutputStream out = new LeveledGzip(new BufferedOutputStream(
                new DigestOutputStream(Files.newOutputStream(file), sha256), 1 << 16), gzipLevel)) {
            for (byte[] line : batch.lines()) {
                out.write(line);
                out.write('\n');
            }
        }
        long gzipBytes = Files.size(file);
        batch.releaseLines();
        SpooledBatch spooled = new SpooledBatch(batch, batchId, tableRouting.tableFor(batch.eventKey()).sql(), key, file,
                gzipBytes, HexFormat.of().formatHex(sha256.digest()), start);
        exchange.setProperty(ExchangeProperties.SPOOLED, spooled);

        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(AWS2S3Constants.KEY, key);
        message.setHeader(AWS2S3Constants.CONTENT_TYPE, "application/x-ndjson");
        message.setHeader(AWS2S3Constants.CONTENT_ENCODING, "gzip");
        message.setHeader(AWS2S3Constants.CONTENT_LENGTH, gzipBytes);
        message.setHeader(AWS2S3Constants.METADATA, Map.of(
                "record-count", Integer.toString(batch.recordCount()),
                "batch-id", batchId,
                "sha256", spooled.sha256()));
        message.setBody(file.toFile());
    }

    /** The notification is acknowledged by topic B: the batch's line and metrics (its holds go when the exchange is done). */
    public void acknowledged(Exchange exchange) {
        SpooledBatch spooled = exchange.getProperty(ExchangeProperties.SPOOLED, SpooledBatch.class);
        EventBatch batch = spooled.batch();
        long millis = (System.nanoTime() - spooled.startNanos()) / 1_000_000;
        long age = batch.ageMillis();
        metrics.batchWritten(batch.recordCount(), batch.rawBytes(), spooled.gzipBytes(), millis, age);
        for (FieldCut bound : FieldCut.values()) {
            metrics.fieldsCut(bound.tag(), batch.fieldsCut(bound));
        }
        BatchCompletion completedBy = BatchCompletion.of(exchange.getProperty(Exchange.AGGREGATED_COMPLETED_BY, String.class), batch);
        LOG.info("batch key={} records={} bytes_in={} bytes_out={} s3_key={} age_ms={} write_ms={} completed_by={} fields={} fields_cut={}",
                batch.eventKey(), batch.recordCount(), batch.rawBytes(), spooled.gzipBytes(), spooled.objectKey(),
                age, millis, completedBy.logName(), batch.fieldsCut() == null ? "-" : batch.observedPairs(),
                batch.fieldsCut() == null ? "-" : batch.fieldsCut());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Frees memory and the spool file whatever happened; on failure the offset holds stay. */
    private final class Cleanup extends SynchronizationAdapter {
        private final EventBatch batch;
        private final Path file;

        Cleanup(EventBatch batch, Path file) {
            this.batch = batch;
            this.file = file;
        }

        @Override
        public void onDone(Exchange exchange) {
            budget.released(batch);
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("cannot delete spool file {}: {}", file, e.toString());
            }
            if (exchange.isFailed()) {
                metrics.batchAbandoned();
                LOG.error("batch key={} records={} abandoned: {}; its offsets stay uncommitted and will be redelivered",
                        batch.eventKey(), batch.recordCount(),
                        exchange.getException() == null ? "failed" : exchange.getException().toString());
            }
        }
    }
}
