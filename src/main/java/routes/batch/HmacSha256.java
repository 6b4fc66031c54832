package routes.batch;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 as lower-case hex; thread-safe (one {@link Mac} per thread). The key is never printed. */
final class HmacSha256 {

    private static final String ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    HmacSha256(byte[] key) {
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("the HMAC key for hash rules must not be empty");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        newMac(); // fail at startup, not on the first event
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    String hex(byte[] data, int offset, int length) {
        Mac mac = macs.get();
        mac.update(data, offset, length);
        return HEX.formatHex(mac.doFinal());
    }

    String hex(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return hex(utf8, 0, utf8.length);
    }

    @Override
    public String toString() {
        return "HmacSha256[key=***]";
    }
}
