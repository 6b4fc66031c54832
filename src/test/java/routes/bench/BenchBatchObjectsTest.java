package routes.bench;

import org.junit.jupiter.api.Test;
import routes.PipelineBeans;
import routes.config.PipelineSettings;
import routes.contract.BatchNotification;
import routes.contract.ObservedField;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class BenchBatchObjectsTest {

    private static final BenchPlan PLAN = BenchPlan.of(600, 4, 1, List.of(1), 350, 1_000, Path.of("target/bench-test"), 1, 60);

    private static List<BenchBatchObjects.BatchObject> objects(int eventsPerObject) throws IOException {
        PipelineSettings settings = PipelineSettings.builder().profile("local").build();
        return BenchBatchObjects.of(PLAN, PLAN.events(), PipelineBeans.eventAdmission(settings), 6, eventsPerObject,
                "bench.events_x", "bucket", "bench/x/");
    }

    @Test
    void eachObjectIsOneKeysGzipNdjsonThatItsNotificationDescribesAsTheBatchersDo() throws Exception {
        List<BenchBatchObjects.BatchObject> objects = objects(50);

        Set<String> ids = new HashSet<>();
        long events = 0;
        for (BenchBatchObjects.BatchObject o : objects) {
            BatchNotification n = o.notification();
            List<String> lines = lines(o.body());
            assertThat(lines).hasSize((int) n.recordCount()).allSatisfy(l -> assertThat(l).contains("\"event_key\":\"" + n.eventKey() + "\""));
            assertThat(n.recordCount()).isBetween(1L, 50L);
            assertThat(n.bytes()).isEqualTo(o.body().length);
            assertThat(n.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(o.body())));
            assertThat(o.ndjsonBytes()).isEqualTo(lines.stream().mapToLong(l -> l.getBytes(StandardCharsets.UTF_8).length + 1).sum());
            assertThat(n.key()).isEqualTo("bench/x/" + n.batchId() + ".ndjson.gz");
            assertThat(n.fields()).as("the field observation, as the batcher's notification carries it").isNotEmpty();
            assertThat(n.fields().stream().mapToLong(ObservedField::events).max().orElse(0)).isEqualTo(n.recordCount());
            assertThat(ids.add(n.batchId())).isTrue();
            events += n.recordCount();
        }
        assertThat(events).as("every event of the plan is admitted into some object").isGreaterThan(550).isLessThanOrEqualTo(600);
    }

    @Test
    void aKeysObjectClosesAtTheGivenSizeAndTheRestCloseAtTheEnd() throws Exception {
        List<BenchBatchObjects.BatchObject> objects = objects(50);
        Set<String> keys = new HashSet<>();
        objects.forEach(o -> keys.add(o.notification().eventKey()));

        long full = objects.stream().filter(o -> o.notification().recordCount() == 50).count();
        assertThat(objects.size() - full).as("one partly filled object per key, closed at the end").isLessThanOrEqualTo(keys.size());
        assertThat(full).isGreaterThan(0);
    }

    private static List<String> lines(byte[] gzip) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).endsWith("\n");
            return List.of(text.substring(0, text.length() - 1).split("\n"));
        }
    }
}
