package routes.preflight;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.s3.ObjectEncryption;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The bucket as the batcher and loader will use it: reachable with the configured credentials and region,
 * a canary object PUT (with the configured SSE-KMS), read back byte for byte and DELETEd under
 * {@code <prefix>preflight/}, and lifecycle rules present; for a loader also the HEAD of an object that does not
 * exist, which must answer 404. Every call has its own short timeout.
 */
public final class S3Check implements PreflightCheck {

    private static final Logger LOG = LoggerFactory.getLogger(S3Check.class);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

    private final S3Client s3;
    private final PipelineSettings settings;
    private final String bucket;
    private final boolean loader;

    /** @param loader whether the checked role loads (HEADs batch objects before loading them) */
    public S3Check(S3Client s3, PipelineSettings settings, boolean loader) {
        this.s3 = s3;
        this.settings = settings;
        this.bucket = settings.get(Setting.S3_BUCKET);
        this.loader = loader;
    }

    /** Per-call bound: the shared client allows minutes for large uploads. */
    static AwsRequestOverrideConfiguration bounded() {
        return AwsRequestOverrideConfiguration.builder().apiCallTimeout(CALL_TIMEOUT).build();
    }

    @Override
    public List<CheckResult> run() {
        List<CheckResult> lines = new ArrayList<>();
        try {
            s3.headBucket(b -> b.bucket(bucket).overrideConfiguration(bounded()));
            lines.add(CheckResult.pass("s3.bucket", "bucket " + bucket + " reachable"));
        } catch (SdkException e) {
            LOG.debug("HEAD bucket failed", e);
            lines.add(failure("s3.bucket", e));
            return lines;
        }
        lines.add(region());
        lines.add(canary());
        if (loader) {
            lines.add(missingObject());
        }
        lines.add(lifecycle());
        return lines;
    }

    /**
     * HEAD (and GET) of a missing object answer 404 only with s3:ListBucket on the bucket, 403 without it
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html, Permissions). A loader that gets 403 cannot
     * tell a missing batch object from a refused one and retries that load without end, so 403 is a FAIL.
     */
    private CheckResult missingObject() {
        String key = settings.get(Setting.S3_PREFIX) + "preflight/" + UUID.randomUUID() + "/absent.ndjson.gz";
        try {
            s3.headObject(b -> b.bucket(bucket).key(key).overrideConfiguration(bounded()));
            return CheckResult.warn(MISSING_OBJECT, "HEAD of " + key + ", a key nothing wrote, answered 200",
                    "check pipeline.s3.endpoint (a proxy answering for missing objects?)");
        } catch (SdkException e) {
            LOG.debug("HEAD of a missing object", e);
            return missingObjectAnswer(key, e);
        }
    }

    static final String MISSING_OBJECT = "s3.missing-object";

    /** What a HEAD of a key that does not exist answered, as a check line. */
    CheckResult missingObjectAnswer(String key, SdkException e) {
        int status = e instanceof S3Exception s ? s.statusCode() : -1;
        if (status == 404) {
            return CheckResult.pass(MISSING_OBJECT, "HEAD of a missing object answers 404: the loader can tell a missing batch"
                    + " object from a refused one");
        }
        if (status == 403) {
            return CheckResult.fail(MISSING_OBJECT, "HEAD of the missing object " + key + " answered 403: without"
                    + " s3:ListBucket S3 hides whether an object exists, and the loader would retry a load with a missing"
                    + " object forever", "grant the loader's role s3:ListBucket on arn:aws:s3:::" + bucket
                    + " with no s3:prefix condition (readiness HEADs the bucket, which names no prefix;"
                    + " deploy/aws/loader.policy.json)");
        }
        CheckResult f = failure(MISSING_OBJECT, e);
        return CheckResult.fail(f.check(), "HEAD " + key + ": " + f.saw(), f.todo());
    }

    private CheckResult region() {
        String configured = settings.get(Setting.S3_REGION);
        try {
            String location = s3.getBucketLocation(b -> b.bucket(bucket).overrideConfiguration(bounded()))
                    .locationConstraintAsString();
            // S3 answers an empty location for us-east-1
            String actual = location == null || location.isEmpty() ? "us-east-1" : location;
            return actual.equals(configured) ? CheckResult.pass("s3.region", "bucket is in " + actual)
                    : CheckResult.fail("s3.region", "bucket is in " + actual + ", configured " + configured,
                    "set pipeline.s3.region=" + actual);
        } catch (SdkException e) {
            LOG.debug("GET bucket location failed", e);
            return CheckResult.warn("s3.region", "the server did not say where the bucket is (" + Failures.describe(e) + ")",
                    "nothing, if the canary below passes");
        }
    }

    CheckResult canary() {
        String key = settings.get(Setting.S3_PREFIX) + "preflight/" + UUID.randomUUID() + "/canary.txt";
        byte[] body = ("event-pipeline preflight canary " + key).getBytes(StandardCharsets.UTF_8);
        boolean kms = settings.getBoolean(Setting.S3_SSE_KMS);
        String step = "PUT";
        try {
            PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(key).overrideConfiguration(bounded());
            ObjectEncryption.apply(put, kms, settings.get(Setting.S3_KMS_KEY_ID));
            PutObjectResponse written = s3.putObject(put.build(), RequestBody.fromBytes(body));
            step = "GET";
            byte[] read = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).overrideConfiguration(bounded())).asByteArray();
            if (!Arrays.equals(read, body)) {
                return CheckResult.fail("s3.canary", "GET returned other bytes than the PUT under " + key,
                        "check pipeline.s3.endpoint (a proxy rewriting objects?)");
            }
            step = "DELETE";
            s3.deleteObject(b -> b.bucket(bucket).key(key).overrideConfiguration(bounded()));
            String encryption = written.serverSideEncryptionAsString();
            if (kms && !"aws:kms".equals(encryption)) {
                return CheckResult.fail("s3.canary", "PUT asked for SSE-KMS, S3 answered encryption " + encryption,
                        "check pipeline.s3.kms-key-id and the bucket's encryption settings");
            }
            return CheckResult.pass("s3.canary", "PUT, GET (same " + body.length + " bytes) and DELETE of " + key
                    + (encryption == null ? "" : ", encryption " + encryption));
        } catch (SdkException e) {
            LOG.debug("canary {} failed", step, e);
            CheckResult f = failure("s3.canary", e);
            return CheckResult.fail(f.check(), step + " " + key + ": " + f.saw(), f.todo());
        } finally {
            deleteQuietly(key);
        }
    }

    private CheckResult lifecycle() {
        try {
            GetBucketLifecycleConfigurationResponse rules =
                    s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket).overrideConfiguration(bounded()));
            return CheckResult.pass("s3.lifecycle", rules.rules().size() + " lifecycle rule(s) on the bucket");
        } catch (S3Exception e) {
            LOG.debug("GET lifecycle failed", e);
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            String saw = "NoSuchLifecycleConfiguration".equals(code) ? "no lifecycle rules on " + bucket
                    : "lifecycle rules not readable (" + code + " " + e.statusCode() + ")";
            return CheckResult.warn("s3.lifecycle", saw,
                    "add an expiration rule for " + settings.get(Setting.S3_PREFIX) + " and manifests/ (objects are kept forever otherwise)");
        } catch (SdkException e) {
            LOG.debug("GET lifecycle failed", e);
            return CheckResult.warn("s3.lifecycle", "lifecycle rules not readable (" + Failures.describe(e) + ")",
                    "check them in the S3 console");
        }
    }

    private void deleteQuietly(String key) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key).overrideConfiguration(bounded()));
        } catch (SdkException e) {
            LOG.debug("canary cleanup failed for {}", key, e);
        }
    }

    /** The FAIL line for an S3 error, naming the setting that most likely fixes it. */
    CheckResult failure(String check, SdkException e) {
        if (e instanceof S3Exception s) {
            String code = s.awsErrorDetails() == null ? "" : String.valueOf(s.awsErrorDetails().errorCode());
            int status = s.statusCode();
            if (status == 404 || "NoSuchBucket".equals(code)) {
                return CheckResult.fail(check, "bucket " + bucket + " does not exist (HTTP " + status + ")",
                        "set pipeline.s3.bucket (PIPELINE_S3_BUCKET)");
            }
            if (status == 301 || "PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code)) {
                return CheckResult.fail(check, "bucket " + bucket + " is in another region (" + code + ")",
                        "set pipeline.s3.region");
            }
            if (status == 403 && code.startsWith("KMS")) {
                return CheckResult.fail(check, "KMS refused (" + code + ")", "check pipeline.s3.kms-key-id and its key policy");
            }
            if (status == 403) {
                return CheckResult.fail(check, "access denied to bucket " + bucket + " (" + code + ")",
                        "check the credentials (AWS_* / instance role, or pipeline.s3.access-key) and the bucket policy for pipeline.s3.bucket");
            }
            return CheckResult.fail(check, "HTTP " + status + " " + code, "check pipeline.s3.bucket and pipeline.s3.endpoint");
        }
        if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("credentials")) {
            return CheckResult.fail(check, "no AWS credentials found", "set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile or an instance role");
        }
        String endpoint = settings.get(Setting.S3_ENDPOINT);
        return CheckResult.fail(check, "cannot reach " + (endpoint.isEmpty() ? "S3" : endpoint) + ": " + Failures.describe(e),
                endpoint.isEmpty() ? "check the network path to S3 and pipeline.s3.region" : "check pipeline.s3.endpoint");
    }
}
