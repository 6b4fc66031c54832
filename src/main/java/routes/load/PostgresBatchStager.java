package routes.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import routes.contract.BatchNotification;
import routes.contract.OccurredAtParser;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Streams one batch object into the PostgreSQL staging table: object bytes are hashed and counted on the
 * way in, gunzipped, split into NDJSON lines, and each line becomes one CSV row of
 * {@code COPY … FROM STDIN}. Jackson only pulls {@code event_id}, {@code event_key}, {@code occurred_at}
 * out of a line; the line itself goes to the {@code payload jsonb} column untouched. Works on bytes
 * throughout: a {@code "} byte never occurs inside a UTF-8 multi-byte sequence, so CSV quoting is safe
 * without decoding the payload.
 *
 * <p>Errors are split by side: an {@link IOException} always comes from the object (input), an
 * {@link SQLException} always from the server (the COPY is written with {@link CopyIn#writeToCopy}).
 *
 * <p>One stager per load, not thread-safe: its CSV, chunk and line buffers (~400 KB) are reused by each object of the
 * load instead of being allocated per object, which with the bench's small objects (~48 rows) was most of what an
 * object allocated.
 */
final class PostgresBatchStager {

    static final String COPY_SQL = "COPY pg_temp." + PostgresDialect.STAGE
            + " (batch_id, event_id, event_key, occurred_at, payload) FROM STDIN WITH (FORMAT csv)";

    private static final int MAX_LINE_BYTES = 8 * 1024 * 1024;
    private static final int FLUSH_BYTES = 256 * 1024;
    private static final JsonFactory JSON = new JsonFactory();

    private final CsvBuffer out = new CsvBuffer();
    private final byte[] chunk = new byte[65536];
    private byte[] line = new byte[8192];

    /**
     * Copies the batch, the next of {@code objects}, into the stage in a COPY of its own and returns its row count; on
     * any exception the COPY is cancelled.
     */
    long copy(CopyManager copyManager, BatchNotification batch, PrefetchedObjects objects)
            throws IOException, SQLException, BatchContentException {
        CopyIn copyIn = copyManager.copyIn(COPY_SQL);
        try {
            long rows = append(copyIn, batch, objects);
            copyIn.endCopy();
            return rows;
        } finally {
            cancel(copyIn);
        }
    }

    /**
     * Streams the batch, the next of {@code objects}, into {@code copyIn}, an open COPY of {@link #COPY_SQL}, verifies
     * it (bytes, SHA-256, record count) and returns its row count. Every row is handed to the server before this
     * returns; on an exception part of the batch may have been, so the caller must cancel the COPY.
     */
    long append(CopyIn copyIn, BatchNotification batch, PrefetchedObjects objects)
            throws IOException, SQLException, BatchContentException {
        try (InputStream raw = objects.open(batch)) {
            VerifyingInputStream verifying = new VerifyingInputStream(raw);
            // closed at once: the inflater's native memory is then freed per object, not when a cleaner gets to it
            try (InputStream text = new GZIPInputStream(new BufferedInputStream(verifying, 65536), 65536)) {
                long rows = streamRows(text, batch, copyIn);
                verifying.drainAndVerify(batch.bytes(), batch.sha256());
                if (rows != batch.recordCount()) {
                    throw new BatchContentException("record count mismatch: object has " + rows
                            + " lines, notification says " + batch.recordCount());
                }
                return rows;
            }
        }
    }

    /** Cancels {@code copyIn} if it is still open (null: none); the caller rolls back either way. */
    static void cancel(CopyIn copyIn) {
        if (copyIn != null && copyIn.isActive()) {
            try {
                copyIn.cancelCopy();
            } catch (SQLException ignored) {
                // the connection may be gone; the caller rolls back either way
            }
        }
    }

    private long streamRows(InputStream in, BatchNotification batch, CopyIn copyIn)
            throws IOException, SQLException, BatchContentException {
        out.start(copyIn);
        byte[] prefix = ("\"" + batch.batchId() + "\",").getBytes(StandardCharsets.US_ASCII);
        long rows = 0;
        int len = 0;
        int n;
        while ((n = in.read(chunk)) >= 0) {
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (chunk[i] == '\n') {
                    line = extendLine(line, len, chunk, from, i - from, rows);
                    len += i - from;
                    rows += writeLine(prefix, batch, len, rows + 1);
                    len = 0;
                    from = i + 1;
                }
            }
            line = extendLine(line, len, chunk, from, n - from, rows);
            len += n - from;
        }
        rows += writeLine(prefix, batch, len, rows + 1);
        out.flush();
        return rows;
    }

    /** Writes one line (without its newline; a trailing CR is dropped) and returns 1, or 0 for a blank line. */
    private int writeLine(byte[] prefix, BatchNotification batch, int len, long lineNo)
            throws SQLException, BatchContentException {
        int end = len > 0 && line[len - 1] == '\r' ? len - 1 : len;
        if (end == 0) {
            return 0;
        }
        writeRow(prefix, batch, end, lineNo);
        return 1;
    }

    private static byte[] extendLine(byte[] line, int len, byte[] src, int from, int count, long rows)
            throws BatchContentException {
        if (len + count > MAX_LINE_BYTES) {
            throw new BatchContentException("line " + (rows + 1) + " is longer than " + MAX_LINE_BYTES + " bytes");
        }
        byte[] target = len + count > line.length ? Arrays.copyOf(line, Math.max(line.length * 2, len + count)) : line;
        System.arraycopy(src, from, target, len, count);
        return target;
    }

    private void writeRow(byte[] prefix, BatchNotification batch, int len, long lineNo)
            throws SQLException, BatchContentException {
        String[] fields = extract(line, len, lineNo);
        if (fields[0] == null || fields[0].isEmpty() || fields[0].length() > 64) {
            throw new BatchContentException("line " + lineNo + ": event_id missing or longer than 64 characters");
        }
        if (!batch.eventKey().equals(fields[1])) {
            throw new BatchContentException("line " + lineNo + ": event_key differs from the notification's");
        }
        // The batcher's rule, with its fast path for the common shape: the formatter-based parse was ~15 % of
        // the loader thread's CPU (JFR, docs/performance.md).
        Instant occurredAt = fields[2] == null ? null : OccurredAtParser.parseIso(fields[2]);
        if (occurredAt == null) {
            throw new BatchContentException("line " + lineNo + ": occurred_at is not ISO-8601 with offset");
        }
        out.raw(prefix);
        out.quoted(fields[0].getBytes(StandardCharsets.UTF_8));
        out.comma();
        out.quoted(fields[1].getBytes(StandardCharsets.UTF_8));
        out.comma();
        out.quoted(occurredAt.toString().getBytes(StandardCharsets.US_ASCII));
        out.comma();
        out.quoted(line, len);
        out.newline();
    }

    /** event_id, event_key, occurred_at of one line, which must be exactly one JSON object. */
    private static String[] extract(byte[] line, int len, long lineNo) throws BatchContentException {
        String[] fields = new String[3];
        try (JsonParser p = JSON.createParser(line, 0, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BatchContentException("line " + lineNo + " is not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                int slot = switch (name) {
                    case "event_id" -> 0;
                    case "event_key" -> 1;
                    case "occurred_at" -> 2;
                    default -> -1;
                };
                if (slot >= 0 && value == JsonToken.VALUE_STRING) {
                    fields[slot] = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new BatchContentException("line " + lineNo + " is not exactly one JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new BatchContentException("line " + lineNo + " is not valid JSON");
        } catch (IOException e) {
            throw new BatchContentException("line " + lineNo + " could not be parsed");
        }
        return fields;
    }

    /** A byte buffer of CSV rows handed to the server in large chunks; reused by each object of a load. */
    private static final class CsvBuffer {
        private CopyIn copyIn;
        private byte[] buf = new byte[FLUSH_BYTES + 65536];
        private int len;

        /** Empties the buffer (an earlier object's failure may have left rows in it) and writes to {@code target}. */
        void start(CopyIn target) {
            copyIn = target;
            len = 0;
        }

        void raw(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, len, bytes.length);
            len += bytes.length;
        }

        void quoted(byte[] bytes) {
            quoted(bytes, bytes.length);
        }

        /** {@code "…"} of the first {@code n} bytes, with every {@code "} doubled. */
        void quoted(byte[] bytes, int n) {
            ensure(2 * n + 2);
            buf[len++] = '"';
            for (int i = 0; i < n; i++) {
                byte c = bytes[i];
                if (c == '"') {
                    buf[len++] = '"';
                }
                buf[len++] = c;
            }
            buf[len++] = '"';
        }

        void comma() {
            ensure(1);
            buf[len++] = ',';
        }

        void newline() throws SQLException {
            ensure(1);
            buf[len++] = '\n';
            if (len >= FLUSH_BYTES) {
                flush();
            }
        }

        void flush() throws SQLException {
            if (len > 0) {
                copyIn.writeToCopy(buf, 0, len);
                len = 0;
            }
        }

        private void ensure(int extra) {
            if (len + extra > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
            }
        }
    }
}
