package routes.load;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.io.IOException;

/** {@link ManifestWriter} on the AWS SDK v2 S3 client. */
public final class S3ManifestWriter implements ManifestWriter {

    private final S3Client s3;

    public S3ManifestWriter(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public void put(String bucket, String key, byte[] body) throws IOException {
        try {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType("application/json").build(),
                    RequestBody.fromBytes(body));
        } catch (SdkException e) {
            throw new IOException("S3 manifest write failed: " + e.getClass().getSimpleName(), e);
        }
    }
}
