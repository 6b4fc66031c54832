package routes.load;

import routes.s3.ObjectEncryption;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.io.IOException;

/**
 * {@link ManifestWriter} on the AWS SDK v2 S3 client. Manifests are encrypted as the batch objects are
 * ({@code pipeline.s3.sse-kms}, {@code pipeline.s3.kms-key-id}); COPY reads SSE-KMS objects given the role's
 * kms:Decrypt, while client-side encryption or compression of a manifest would make it unreadable to COPY.
 */
public final class S3ManifestWriter implements ManifestWriter {

    private final S3Client s3;
    private final boolean sseKms;
    private final String kmsKeyId;

    /** @param kmsKeyId empty for the account's default KMS key */
    public S3ManifestWriter(S3Client s3, boolean sseKms, String kmsKeyId) {
        this.s3 = s3;
        this.sseKms = sseKms;
        this.kmsKeyId = kmsKeyId == null ? "" : kmsKeyId;
    }

    PutObjectRequest request(String bucket, String key) {
        return ObjectEncryption.apply(PutObjectRequest.builder().bucket(bucket).key(key).contentType("application/json"),
                sseKms, kmsKeyId).build();
    }

    @Override
    public void put(String bucket, String key, byte[] body) throws IOException {
        try {
            s3.putObject(request(bucket, key), RequestBody.fromBytes(body));
        } catch (SdkException e) {
            throw new IOException("S3 manifest write failed: " + e.getClass().getSimpleName(), e);
        }
    }
}
