package routes.s3;

import routes.config.S3Settings;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The server-side encryption the batcher's aws2-s3 endpoint gives batch objects (routes.yaml: useAwsKMS,
 * awsKMSKeyId), for objects the pipeline writes with the SDK itself: SSE-KMS with {@code pipeline.s3.kms-key-id}
 * (empty = the account's default key) when {@code pipeline.s3.sse-kms}, otherwise the bucket's default encryption.
 */
public final class ObjectEncryption {

    private ObjectEncryption() {
    }

    public static PutObjectRequest.Builder apply(PutObjectRequest.Builder put, S3Settings s3) {
        return apply(put, s3.sseKms(), s3.kmsKeyId());
    }

    /** @param kmsKeyId null or empty for the account's default KMS key */
    public static PutObjectRequest.Builder apply(PutObjectRequest.Builder put, boolean sseKms, String kmsKeyId) {
        if (sseKms) {
            put.serverSideEncryption(ServerSideEncryption.AWS_KMS);
            if (kmsKeyId != null && !kmsKeyId.isEmpty()) {
                put.ssekmsKeyId(kmsKeyId);
            }
        }
        return put;
    }
}
