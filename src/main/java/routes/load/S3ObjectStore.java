package routes.load;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

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
            // Network, throttling, credentials: not the batch's fault, so the cycle is retried.
            throw new IOException("S3 read failed: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public OptionalLong size(String bucket, String key) throws IOException {
        try {
            return OptionalLong.of(s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key).build()).contentLength());
        } catch (NoSuchKeyException e) {
            return OptionalLong.empty();
        } catch (SdkException e) {
            throw new IOException("S3 HEAD failed: " + e.getClass().getSimpleName(), e);
        }
    }
}
