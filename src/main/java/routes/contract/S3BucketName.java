package routes.contract;

import java.util.regex.Pattern;

/**
 * The bucket-name rule, one home for every stage that puts a bucket into SQL literals, manifests or notifications
 * (and for {@code pipeline.s3.bucket} itself, so a bucket the loader would refuse stops the process at start): S3's
 * naming rules for general purpose buckets, minus the legacy upper-case and underscore forms.
 */
public final class S3BucketName {

    /** The rule in words, for the refusal of {@code pipeline.s3.bucket}. */
    public static final String RULE = "3-63 characters of [a-z0-9.-], starting and ending with a letter or digit, without '..'";

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private S3BucketName() {
    }

    public static boolean isValid(String bucket) {
        return bucket != null && BUCKET.matcher(bucket).matches() && !bucket.contains("..");
    }
}
