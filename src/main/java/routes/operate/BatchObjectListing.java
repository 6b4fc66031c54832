package routes.operate;

import routes.contract.ObjectKeyLayout;
import routes.contract.GlobPattern;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists batch objects by the key layout of {@link ObjectKeyLayout}: the event keys under the prefix (one
 * delimited listing), then for each matching key only the days of the window, so a one-hour replay never lists
 * the whole bucket. The hour in a key is the hour of the batch's first event.
 */
final class BatchObjectListing {

    /** One batch object: its key, what the key says, its size and when it was written. */
    record BatchObject(String key, ObjectKeyLayout.ParsedKey parsed, long size, Instant lastModified) {
    }

    private final S3Client s3;
    private final String bucket;
    private final ObjectKeyLayout naming;

    BatchObjectListing(S3Client s3, String bucket, ObjectKeyLayout naming) {
        this.s3 = s3;
        this.bucket = bucket;
        this.naming = naming;
    }

    /** Objects whose key hour is in {@code [from, to)} (both truncated to the hour), event keys matching glob (null = all). */
    List<BatchObject> inHours(Instant from, Instant to, GlobPattern glob) {
        Instant start = from.truncatedTo(ChronoUnit.HOURS);
        List<BatchObject> found = new ArrayList<>();
        for (String eventKey : eventKeys()) {
            if (glob != null && !glob.matches(eventKey)) {
                continue;
            }
            for (Instant day = start.truncatedTo(ChronoUnit.DAYS); day.isBefore(to); day = day.plus(Duration.ofDays(1))) {
                for (BatchObject object : list(naming.dayPrefix(eventKey, day))) {
                    Instant hour = object.parsed().hour();
                    if (!hour.isBefore(start) && hour.isBefore(to)) {
                        found.add(object);
                    }
                }
            }
        }
        return found;
    }

    /** Every batch object under the prefix. */
    List<BatchObject> all() {
        return list(naming.prefix());
    }

    private List<String> eventKeys() {
        List<String> keys = new ArrayList<>();
        String marker = naming.prefix() + "event_key=";
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(marker).delimiter("/").build();
        for (var page : s3.listObjectsV2Paginator(request)) {
            for (CommonPrefix common : page.commonPrefixes()) {
                String p = common.prefix();
                keys.add(p.substring(marker.length(), p.length() - 1));
            }
        }
        return keys;
    }

    private List<BatchObject> list(String prefix) {
        List<BatchObject> objects = new ArrayList<>();
        for (var page : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())) {
            for (S3Object o : page.contents()) {
                naming.parse(o.key()).ifPresent(parsed -> objects.add(new BatchObject(o.key(), parsed, o.size(), o.lastModified())));
            }
        }
        return objects;
    }
}
