package routes.load;

import java.io.IOException;

/**
 * The object store answered, and refused: access denied (403), throttled, or failing on its side (5xx). Not the
 * batch's fault and not a blip either: the load pauses until the store serves it again ({@link FailureClass}). S3
 * answers a HEAD of a missing key with 403 instead of 404 when the caller lacks {@code s3:ListBucket}
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html), so a 403 never convicts a batch either.
 */
public class ObjectStoreRefusedException extends IOException {

    private final int status;

    /** @param errorCode the store's error code (e.g. AccessDenied, SlowDown), never a message that could quote data */
    public ObjectStoreRefusedException(String operation, int status, String errorCode) {
        super("S3 " + operation + " refused: status " + status + (errorCode == null ? "" : " " + errorCode));
        this.status = status;
    }

    public int status() {
        return status;
    }
}
