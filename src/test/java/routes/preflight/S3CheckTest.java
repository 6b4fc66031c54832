package routes.preflight;

import org.junit.jupiter.api.Test;
import routes.config.PipelineSettings;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

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
}
