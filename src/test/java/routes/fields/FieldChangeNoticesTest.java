package routes.fields;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import routes.contract.FieldType;
import routes.monitor.PipelineMetrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class FieldChangeNoticesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RecentFieldChanges recent = new RecentFieldChanges();
    private final FieldChangeNotices notices = new FieldChangeNotices(new PipelineMetrics(registry), recent);
    private final Logger logger = (Logger) LoggerFactory.getLogger(FieldChangeNotices.class);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void capture() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void release() {
        logger.detachAppender(log);
    }

    private static FieldChange change(String path, FieldType type, FieldChange.Kind kind, String at) {
        return new FieldChange("payroll.run", path, type, kind, Instant.parse(at));
    }

    @Test
    void eachChangeIsOneInfoLineWithKeyPathTypeKindAndTime() {
        notices.committed(List.of(
                change("amount", FieldType.DECIMAL, FieldChange.Kind.NEW_TYPE, "2026-12-05T10:00:00Z"),
                change("memo", FieldType.STRING, FieldChange.Kind.NOT_SEEN, "2026-11-20T10:00:00Z")));

        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "field change kind=new_type event_key=payroll.run path=\"amount\" type=decimal first_seen=2026-12-05T10:00:00Z",
                "field change kind=not_seen event_key=payroll.run path=\"memo\" type=string last_seen=2026-11-20T10:00:00Z");
        assertThat(log.list).allMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.INFO);
    }

    @Test
    void aPathWithQuotesOrControlCharactersCannotForgeAnotherLogField() {
        String line = FieldChangeNotices.logLine(change("a\" kind=x\nb\\", FieldType.STRING, FieldChange.Kind.NEW_PATH,
                "2026-12-05T10:00:00Z"));

        assertThat(line).isEqualTo("field change kind=new_path event_key=payroll.run path=\"a\\\" kind=x?b\\\\\" type=string"
                + " first_seen=2026-12-05T10:00:00Z");
    }

    @Test
    void theCounterCountsEachChangeByKind() {
        notices.committed(List.of(
                change("a", FieldType.STRING, FieldChange.Kind.NEW_PATH, "2026-12-05T10:00:00Z"),
                change("b", FieldType.STRING, FieldChange.Kind.NEW_PATH, "2026-12-05T10:00:00Z"),
                change("a", FieldType.INTEGER, FieldChange.Kind.NEW_TYPE, "2026-12-05T10:00:00Z")));

        assertThat(registry.get(PipelineMetrics.FIELD_CHANGES).tag("kind", "new_path").counter().count()).isEqualTo(2);
        assertThat(registry.get(PipelineMetrics.FIELD_CHANGES).tag("kind", "new_type").counter().count()).isEqualTo(1);
        assertThat(registry.find(PipelineMetrics.FIELD_CHANGES).tag("kind", "not_seen").counter()).isNull();
    }

    @Test
    void theStatusPageKeepsTheNewestChangesOnlyNewestFirst() {
        List<FieldChange> many = new ArrayList<>();
        IntStream.range(0, RecentFieldChanges.KEEP + 5).forEach(i ->
                many.add(change("p" + i, FieldType.STRING, FieldChange.Kind.NEW_PATH, "2026-12-05T10:00:00Z")));

        notices.committed(many);

        assertThat(recent.changes()).hasSize(RecentFieldChanges.KEEP);
        assertThat(recent.changes().get(0).path()).isEqualTo("p" + (RecentFieldChanges.KEEP + 4));
    }

    @Test
    void aLoadWithManyChangesLogsTheFirstOnesAndOneSummaryLineButCountsThemAll() {
        List<FieldChange> many = new ArrayList<>();
        IntStream.range(0, FieldChangeNotices.MAX_LINES + 30).forEach(i ->
                many.add(change("p" + i, FieldType.STRING, FieldChange.Kind.NEW_PATH, "2026-12-05T10:00:00Z")));

        notices.committed(many);

        assertThat(log.list).hasSize(FieldChangeNotices.MAX_LINES + 1);
        assertThat(log.list.get(FieldChangeNotices.MAX_LINES).getFormattedMessage())
                .isEqualTo("field changes: 30 more not logged one by one (counted; `fields --changes` lists them)");
        assertThat(registry.get(PipelineMetrics.FIELD_CHANGES).tag("kind", "new_path").counter().count())
                .isEqualTo(FieldChangeNotices.MAX_LINES + 30);
    }

    @Test
    void noChangeNoLineNoCount() {
        notices.committed(List.of());

        assertThat(log.list).isEmpty();
        assertThat(registry.find(PipelineMetrics.FIELD_CHANGES).counters()).isEmpty();
    }
}
