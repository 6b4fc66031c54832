package routes.batch;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/** The batcher's gzip: the configured level, a 64 KiB buffer; bench's raw gzip stage uses the same. */
public final class LeveledGzip extends GZIPOutputStream {

    public LeveledGzip(OutputStream out, int level) throws IOException {
        super(out, 1 << 16);
        def.setLevel(level);
    }
}
