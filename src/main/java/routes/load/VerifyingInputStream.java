package routes.load;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Counts and hashes the raw object bytes as they stream past, so nothing is read twice. */
final class VerifyingInputStream extends FilterInputStream {

    private final MessageDigest sha256;
    private long count;

    VerifyingInputStream(InputStream in) {
        super(in);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            sha256.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            sha256.update(buf, off, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads whatever the decompressor left unread, then compares size and SHA-256 with the notification. */
    void drainAndVerify(long expectedBytes, String expectedSha256) throws IOException, BatchContentException {
        byte[] buf = new byte[8192];
        while (read(buf, 0, buf.length) >= 0) {
            // hashing happens in read()
        }
        if (count != expectedBytes) {
            throw new BatchContentException("byte count mismatch: object has " + count + " bytes, notification says "
                    + expectedBytes);
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!actual.equalsIgnoreCase(expectedSha256)) {
            throw new BatchContentException("sha256 mismatch");
        }
    }

    long count() {
        return count;
    }
}
