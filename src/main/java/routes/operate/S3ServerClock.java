package routes.operate;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

/**
 * "Now" by the S3 server's clock: the {@code Date} header of a response, the time S3 responded
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/RESTCommonResponseHeaders.html). Object ages are then S3 time
 * minus S3 time (LastModified), whatever this machine's clock says; it needs no right beyond the listing janitor
 * already does. Second precision, like LastModified.
 */
public final class S3ServerClock implements Supplier<Instant> {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    /** @param prefix lists at most one key under it: any prefix janitor may list */
    public S3ServerClock(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    @Override
    public Instant get() {
        ListObjectsV2Response response = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1));
        String date = response.sdkHttpResponse().firstMatchingHeader("Date")
                .orElseThrow(() -> new IllegalStateException("the S3 server sent no Date header: cannot tell object ages by its clock"));
        try {
            return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("the S3 server's Date header is not an HTTP date: " + date, e);
        }
    }
}
