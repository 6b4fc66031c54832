package routes.operate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import routes.contract.GlobPattern;
import routes.contract.ObjectKeyLayout;
import routes.testing.CountingS3Client;
import routes.testing.EmbeddedServices;
import routes.testing.TestPipelines.Namespace;
import software.amazon.awssdk.core.sync.RequestBody;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many listings a window costs, against the real S3 server: the event keys, then per key its days from the
 * window's first day, then the objects of each day that exists in the window; never one request per day of the window.
 */
@ExtendWith(EmbeddedServices.class)
class BatchObjectListingIT {

    private static final Instant CENTURY_FROM = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant CENTURY_TO = Instant.parse("2100-01-01T00:00:00Z");
    private static final List<String> KEYS = List.of("payroll.run.completed", "payroll.run.started", "timesheet.approved");
    /** Days far apart (a leap day, years apart, the window's edges) with two hours each. */
    private static final List<String> DAYS = List.of("2000-01-01", "2004-02-29", "2026-11-24", "2026-11-25", "2099-12-31");
    private static final String[] HOURS = {"00", "23"};

    private static ObjectKeyLayout layout;
    private static final List<String> written = new ArrayList<>();

    @BeforeAll
    static void writeObjectsOverACentury() {
        layout = new ObjectKeyLayout(Namespace.random().prefix());
        int batch = 0;
        for (String key : KEYS) {
            for (String day : DAYS) {
                for (String hour : HOURS) {
                    String objectKey = layout.objectKey(key, Instant.parse(day + "T" + hour + ":30:00Z"), String.format("b%05d", batch++));
                    EmbeddedServices.s3Client().putObject(b -> b.bucket(EmbeddedServices.bucket()).key(objectKey), RequestBody.empty());
                    written.add(objectKey);
                }
            }
        }
        // not batch objects: a stray file under a key's dt= level and a day folder that is no date are passed over
        EmbeddedServices.s3Client().putObject(b -> b.bucket(EmbeddedServices.bucket())
                .key(layout.eventKeyPrefix(KEYS.get(0)) + "dt=notes.txt"), RequestBody.empty());
        EmbeddedServices.s3Client().putObject(b -> b.bucket(EmbeddedServices.bucket())
                .key(layout.eventKeyPrefix(KEYS.get(0)) + "dt=someday/hour=01/b99999.ndjson.gz"), RequestBody.empty());
    }

    @Test
    void aCenturyWindowListsTheKeysTheirDaysAndOnlyTheDaysThatExist() {
        CountingS3Client s3 = new CountingS3Client(EmbeddedServices.s3Client(), 100);

        List<String> found = keys(listing(s3).inHours(CENTURY_FROM, CENTURY_TO, null));

        assertThat(found).containsExactlyInAnyOrderElementsOf(written);
        assertThat(s3.listings()).as("1 for the keys, 1 per key for its days, 1 per day that exists")
                .hasSize(1 + KEYS.size() + KEYS.size() * DAYS.size());
    }

    @Test
    void aNarrowWindowListsOnlyTheDaysItTouchesAndKeepsOnlyItsHours() {
        CountingS3Client s3 = new CountingS3Client(EmbeddedServices.s3Client(), 100);

        List<String> found = keys(listing(s3).inHours(Instant.parse("2026-11-24T23:00:00Z"), Instant.parse("2026-11-25T01:00:00Z"),
                GlobPattern.compile("payroll.*")));

        assertThat(found).hasSize(4).allMatch(k -> k.contains("/dt=2026-11-24/hour=23/") || k.contains("/dt=2026-11-25/hour=00/"))
                .noneMatch(k -> k.contains("timesheet"));
        assertThat(s3.listings()).hasSize(1 + 2 + 2 * 2);
    }

    @Test
    void aWindowBetweenTheDaysThatExistListsNoDay() {
        CountingS3Client s3 = new CountingS3Client(EmbeddedServices.s3Client(), 100);

        assertThat(listing(s3).inHours(Instant.parse("2010-01-01T00:00:00Z"), Instant.parse("2020-01-01T00:00:00Z"), null)).isEmpty();
        assertThat(s3.listings()).hasSize(1 + KEYS.size());
    }

    @Test
    void theFirstAndLastHourOfTheWindowAreInclusiveAndExclusive() {
        CountingS3Client s3 = new CountingS3Client(EmbeddedServices.s3Client(), 100);

        List<String> found = keys(listing(s3).inHours(Instant.parse("2004-02-29T23:59:59Z"), Instant.parse("2099-12-31T23:00:00Z"), null));

        assertThat(found).hasSize(KEYS.size() * (1 + 2 + 2 + 1))
                .noneMatch(k -> k.contains("/dt=2004-02-29/hour=00/") || k.contains("/dt=2099-12-31/hour=23/"));
    }

    private static BatchObjectListing listing(CountingS3Client s3) {
        return new BatchObjectListing(s3, EmbeddedServices.bucket(), layout);
    }

    private static List<String> keys(List<BatchObjectListing.BatchObject> objects) {
        return objects.stream().map(BatchObjectListing.BatchObject::key).toList();
    }
}
