package routes.load;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import static org.assertj.core.api.Assertions.assertThat;

class S3ManifestWriterTest {

    @Test
    void manifestsAreEncryptedWithTheBatchesKmsKey() {
        PutObjectRequest put = new S3ManifestWriter(null, true, "arn:aws:kms:us-east-1:123456789012:key/k").request("b", "m");

        assertThat(put.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(put.ssekmsKeyId()).isEqualTo("arn:aws:kms:us-east-1:123456789012:key/k");
    }

    @Test
    void kmsWithoutAKeyIdUsesTheAccountsDefaultKey() {
        PutObjectRequest put = new S3ManifestWriter(null, true, "").request("b", "m");

        assertThat(put.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(put.ssekmsKeyId()).isNull();
    }

    @Test
    void withoutKmsTheBucketDefaultApplies() {
        PutObjectRequest put = new S3ManifestWriter(null, false, "").request("b", "m");

        assertThat(put.serverSideEncryption()).isNull();
        assertThat(put.contentType()).isEqualTo("application/json");
    }
}
