package routes.preflight;

import org.junit.jupiter.api.Test;
import routes.config.PipelineSettings;
import routes.config.Setting;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The loader's missing-object canary: what each answer to a HEAD of a key nothing wrote means. */
class S3CheckTest {

    private static final String KEY = "events/preflight/0/absent.ndjson.gz";
    private final S3Check check = new S3Check(null, PipelineSettings.defaults(), true);

    @Test
    void aMissingObjectThatAnswers404Passes() {
        CheckResult line = check.missingObjectAnswer(KEY, NoSuchKeyException.builder().statusCode(404).build());

        assertThat(line.status()).isEqualTo(CheckStatus.PASS);
        assertThat(line.check()).isEqualTo("s3.missing-object");
    }

    @Test
    void aMissingObjectThatAnswers403FailsNamingListBucketWithoutAPrefixCondition() {
        CheckResult line = check.missingObjectAnswer(KEY, S3Exception.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").build()).build());

        assertThat(line.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(line.saw()).contains("answered 403").contains("retry a load with a missing object forever");
        // a prefix condition would never match readiness's HeadBucket, which names no prefix (deploy/aws/loader.policy.json)
        assertThat(line.todo()).contains("s3:ListBucket on arn:aws:s3:::event-logs").contains("no s3:prefix condition")
                .contains("deploy/aws/loader.policy.json");
    }

    @Test
    void anyOtherAnswerFailsAsTheStoreCannotBeRead() {
        CheckResult line = check.missingObjectAnswer(KEY, S3Exception.builder().statusCode(500)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalError").build()).build());

        assertThat(line.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(line.saw()).startsWith("HEAD " + KEY + ": HTTP 500");
    }

    @Test
    void theCanaryAsksForTheAccountsDefaultKmsKeyWithoutSendingAnEmptyKeyId() {
        List<PutObjectRequest> puts = new ArrayList<>();
        PipelineSettings sseKmsWithoutKeyId = PipelineSettings.builder().set(Setting.S3_SSE_KMS, "true").build();

        CheckResult line = new S3Check(recordingStore(puts), sseKmsWithoutKeyId, false).canary();

        assertThat(line.status()).isEqualTo(CheckStatus.PASS);
        assertThat(puts).singleElement().satisfies(put -> {
            assertThat(put.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
            assertThat(put.ssekmsKeyId()).as("an empty key id header is not the default key").isNull();
        });
    }

    /** An S3 that keeps what was PUT, answers it back on GET with SSE-KMS, and accepts the DELETE. */
    private static S3Client recordingStore(List<PutObjectRequest> puts) {
        byte[][] stored = new byte[1][];
        return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "putObject" -> {
                        puts.add((PutObjectRequest) args[0]);
                        try (var in = ((RequestBody) args[1]).contentStreamProvider().newStream()) {
                            stored[0] = in.readAllBytes();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        yield PutObjectResponse.builder().serverSideEncryption(ServerSideEncryption.AWS_KMS).build();
                    }
                    case "getObjectAsBytes" -> ResponseBytes.fromByteArray(GetObjectResponse.builder().build(), stored[0]);
                    case "deleteObject" -> DeleteObjectResponse.builder().build();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
