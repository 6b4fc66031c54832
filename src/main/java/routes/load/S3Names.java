package routes.load;

import java.util.regex.Pattern;

/** Strict shapes for S3 names that end up inside SQL literals or manifests. */
final class S3Names {

    /** S3 bucket naming rules, minus the legacy upper-case/underscore forms. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private S3Names() {
    }

    static boolean isValidBucket(String bucket) {
        return bucket != null && BUCKET.matcher(bucket).matches() && !bucket.contains("..");
    }
}
