package routes.load;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/** {@link ObjectStore} on the AWS SDK v2 S3 client (AWS or any S3-compatible endpoint). */
public final class S3ObjectStore implements ObjectStore {

    private final S3Client s3;

    public S3ObjectStore(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public InputStream open(String bucket, String key) throws IOException {
        try {
            return s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build());
        } catch (NoSuchKeyException e) {
            throw new ObjectNotFoundException("object not found");
        } catch (SdkException e) {
            throw failure("GET", e);
        }
    }

    @Override
    public OptionalLong size(String bucket, String key) throws IOException {
        try {
            return OptionalLong.of(s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key).build()).contentLength());
        } catch (NoSuchKeyException e) {
            return OptionalLong.empty();
        } catch (SdkException e) {
            throw failure("HEAD", e);
        }
    }

    /**
     * Neither is the batch's fault. A refusal (403, throttling, 5xx once the SDK's own retries are spent) pauses the
     * table's loads, visibly, until the store serves again; anything else (network, an answer we cannot read) is
     * retried as a blip. A HEAD of a missing key answers 404 only with {@code s3:ListBucket}, else 403.
     */
    private static IOException failure(String operation, SdkException e) {
        if (e instanceof S3Exception s3 && (s3.statusCode() == 403 || s3.statusCode() >= 500 || s3.isThrottlingException())) {
            return new ObjectStoreRefusedException(operation, s3.statusCode(),
                    s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode());
        }
        return new IOException("S3 " + operation + " failed: " + e.getClass().getSimpleName(), e);
    }
}
