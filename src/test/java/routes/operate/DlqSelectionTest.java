package routes.operate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DlqSelectionTest {

    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    @ParameterizedTest(name = "stage={0} reason={1} window={2} vs dead letter {3}/{4} at +{5}s -> {6}")
    @CsvSource(nullValues = "-", value = {
            "batcher, -,            false, batcher, too_large: 4245 bytes, 0,    true",
            "batcher, too_large,    false, batcher, too_large: 4245 bytes, 0,    true",
            "batcher, too_large,    false, batcher, too_large,             0,    true",
            "batcher, too,          false, batcher, too_large: 4245 bytes, 0,    false",
            "batcher, not_json,     false, batcher, too_large: 4245 bytes, 0,    false",
            "loader,  -,            false, batcher, too_large: 4245 bytes, 0,    false",
            "loader,  load_failed,  false, loader,  load_failed: copy,     0,    true",
            "batcher, -,            true,  batcher, not_json,              0,    true",
            "batcher, -,            true,  batcher, not_json,              -1,   false",
            "batcher, -,            true,  batcher, not_json,              3600, false",
            "batcher, -,            true,  batcher, not_json,              3599, true",
    })
    void selectsByStageReasonAndTime(String stage, String reason, boolean window, String recordStage,
                                     String recordReason, long secondsAfter, boolean selected) {
        DlqSelection selection = new DlqSelection(DlqSelection.Stage.valueOf(stage), reason,
                window ? T : null, window ? T.plusSeconds(3600) : null);
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("dlq.stage", recordStage.getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader("dlq.reason", recordReason.getBytes(StandardCharsets.UTF_8)));
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("events-dlq", 0, 7, T.plusSeconds(secondsAfter).toEpochMilli(),
                TimestampType.CREATE_TIME, 0, 0, null, new byte[0], headers, Optional.empty());
        assertThat(selection.matches(record)).isEqualTo(selected);
        assertThat(DlqSelection.coordinates(record)).isEqualTo("0:7");
    }
}
