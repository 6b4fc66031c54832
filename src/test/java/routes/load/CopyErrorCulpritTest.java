package routes.load;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.contract.BatchNotification;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CopyErrorCulpritTest {

    private static final String LONG_KEY = "events/event_key=payroll.run.completed/" + "d".repeat(240) + "/b7.ndjson.gz";
    private static final Map<String, BatchNotification> BY_URL = new LinkedHashMap<>();

    static {
        for (String key : new String[] {"events/a/b1.ndjson.gz", "events/a/b2.ndjson.gz", "events/a/b10.ndjson.gz", LONG_KEY}) {
            BY_URL.put("s3://event-logs/" + key, batch(key));
        }
    }

    static Stream<Arguments> errors() {
        String cut = ("s3://event-logs/" + LONG_KEY).substring(0, 256);
        return Stream.of(
                Arguments.of("file name recorded", "s3://event-logs/events/a/b2.ndjson.gz", "", "b2"),
                Arguments.of("file name padded by CHAR(256)", "s3://event-logs/events/a/b2.ndjson.gz   ", "", "b2"),
                Arguments.of("file name cut to 256 bytes", cut, "", "b7"),
                Arguments.of("url only in the error detail", null,
                        "ERROR: Load failed\n  DETAIL: error: mandatory url s3://event-logs/events/a/b10.ndjson.gz is missing\n"
                                + "  code: 8001 context: s3://event-logs/manifests/public.events/x.manifest", "b10"),
                Arguments.of("url= form, sentence punctuation after it", null,
                        "S3 object missing, url=s3://event-logs/events/a/b1.ndjson.gz.", "b1"),
                Arguments.of("a prefix of two batches blames none", "s3://event-logs/events/a/b1", "", null),
                Arguments.of("only the manifest named", null, "context: s3://event-logs/manifests/public.events/x.manifest", null),
                Arguments.of("access error names no file", null, "ERROR: User arn:aws:redshift:… is not authorized to assume"
                        + " IAM Role arn:aws:iam::123456789012:role/x", null),
                Arguments.of("another bucket's object", null, "s3://other-bucket/events/a/b1.ndjson.gz", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void blamesTheBatchTheErrorNamesAndNoOtherOne(String name, String fileName, String text, String expected) {
        Optional<BatchNotification> culprit = CopyErrorCulprit.find(BY_URL, Optional.ofNullable(fileName), text);
        assertThat(culprit.map(BatchNotification::batchId).orElse(null)).isEqualTo(expected);
    }

    private static BatchNotification batch(String key) {
        String id = key.substring(key.lastIndexOf('/') + 1, key.indexOf(".ndjson"));
        return new BatchNotification(id, "payroll.run", "public.events", "event-logs", key, 1, 10, "0".repeat(64),
                "2026-12-01T00:00:00Z", "2026-12-01T00:00:00Z", java.util.List.of(), "2026-12-01T00:00:00Z");
    }
}
