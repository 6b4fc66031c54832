package routes.operate;

import routes.contract.ObjectKeyLayout;
import routes.contract.GlobPattern;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Lists batch objects by the key layout of {@link ObjectKeyLayout}, asking S3 only for what exists: the event keys
 * under the prefix (one delimited listing), then per matching key the days it has written (one delimited listing,
 * 1,000 days a page), then the objects of each of those days that the window touches. The requests
 * grow with the keys and the days that hold objects, never with the width of the window: a replay from 2000 to 2100
 * costs what a replay of the days that exist costs. The hour in a key is the hour of the batch's first event.
 */
final class BatchObjectListing {

    /** One batch object: its key, what the key says, its size and when it was written. */
    record BatchObject(String key, ObjectKeyLayout.ParsedKey parsed, long size, Instant lastModified) {
    }

    private static final String DAY_MARKER = "dt=";

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
        return inHours(from, to, glob, Progress.silent().phase("listing", 0));
    }

    /** As {@link #inHours(Instant, Instant, GlobPattern)}, stepping {@code progress} once per event key listed. */
    List<BatchObject> inHours(Instant from, Instant to, GlobPattern glob, Progress.Phase progress) {
        Instant start = from.truncatedTo(ChronoUnit.HOURS);
        List<String> keys = eventKeys().stream().filter(k -> glob == null || glob.matches(k)).toList();
        progress.total(keys.size());
        List<BatchObject> found = new ArrayList<>();
        long days = 0;
        for (String eventKey : keys) {
            for (String dayPrefix : dayPrefixes(eventKey, start, to)) {
                days++;
                for (BatchObject object : list(dayPrefix)) {
                    Instant hour = object.parsed().hour();
                    if (!hour.isBefore(start) && hour.isBefore(to)) {
                        found.add(object);
                    }
                }
            }
            progress.detail(days + " days, " + found.size() + " objects");
            progress.step();
        }
        return found;
    }

    /** Every batch object under the prefix. */
    List<BatchObject> all() {
        return all(Progress.silent().phase("listing", 0));
    }

    /** As {@link #all()}, showing on {@code progress} how many objects were listed so far (one listing page at a time). */
    List<BatchObject> all(Progress.Phase progress) {
        return list(naming.prefix(), progress);
    }

    private List<String> eventKeys() {
        String marker = naming.prefix() + "event_key=";
        return commonPrefixes(ListObjectsV2Request.builder().bucket(bucket).prefix(marker).delimiter("/").build())
                .map(p -> p.substring(marker.length(), p.length() - 1)).toList();
    }

    /**
     * The {@code dt=} prefixes of one event key whose day intersects {@code [start, to)}: one delimited listing of the
     * key's days (up to 1,000 a page), filtered here. Neither StartAfter nor the listing's order is relied on: S3
     * directory buckets support neither, and S3-compatible servers differ on StartAfter with a delimiter
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html).
     */
    private List<String> dayPrefixes(String eventKey, Instant start, Instant to) {
        String under = naming.eventKeyPrefix(eventKey) + DAY_MARKER;
        List<String> days = new ArrayList<>();
        commonPrefixes(ListObjectsV2Request.builder().bucket(bucket).prefix(under).delimiter("/").build())
                .forEach(prefix -> day(prefix.substring(under.length()))
                        .filter(day -> day.isBefore(to) && day.plus(1, ChronoUnit.DAYS).isAfter(start))
                        .ifPresent(day -> days.add(prefix)));
        return days;
    }

    /** The start of the day {@code yyyy-MM-dd/} names, or empty for anything else found under {@code dt=}. */
    private static Optional<Instant> day(String text) {
        try {
            return Optional.of(LocalDate.parse(text.substring(0, text.length() - 1)).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private Stream<String> commonPrefixes(ListObjectsV2Request request) {
        List<String> prefixes = new ArrayList<>();
        for (var page : s3.listObjectsV2Paginator(request)) {
            page.commonPrefixes().forEach(p -> prefixes.add(p.prefix()));
        }
        return prefixes.stream();
    }

    private List<BatchObject> list(String prefix) {
        return list(prefix, null);
    }

    private List<BatchObject> list(String prefix, Progress.Phase progress) {
        List<BatchObject> objects = new ArrayList<>();
        for (var page : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())) {
            for (S3Object o : page.contents()) {
                naming.parse(o.key()).ifPresent(parsed -> objects.add(new BatchObject(o.key(), parsed, o.size(), o.lastModified())));
            }
            if (progress != null) {
                progress.detail(objects.size() + " objects");
            }
        }
        return objects;
    }
}
