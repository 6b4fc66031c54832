package routes.operate;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import routes.batch.BatchObjectNaming;
import routes.contract.BatchNotification;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BatcherProgressTest {

    private static final String BATCH = new BatchObjectNaming(new routes.contract.ObjectKeyLayout("events/"))
            .batchId(List.of(new BatchNotification.Source("events", 2, 100, 149), new BatchNotification.Source("events", 0, 7, 9)));

    @ParameterizedTest(name = "committed offset of events-2 {0}: orphan candidate {1}")
    @CsvSource({
            "-1,  false",
            "0,   false",
            "100, false",
            "101, true",
            "150, true",
    })
    void onlyABatchWhoseFirstRecordTheBatcherGroupCommittedPastCanBeAnOrphan(long committed, boolean past) {
        Map<TopicPartition, Long> offsets = committed < 0 ? Map.of() : Map.of(new TopicPartition("events", 2), committed);

        assertThat(new BatcherProgress(offsets).committedPast(BATCH)).isEqualTo(past);
    }

    @ParameterizedTest(name = "batch id [{0}]")
    @CsvSource({
            "events+2+100",
            "not a batch id",
            "events+2+100+XYZ",
            "''",
    })
    void anIdJanitorCannotReadIsNeverTakenForAnOrphan(String batchId) {
        BatcherProgress everythingCommitted = new BatcherProgress(Map.of(new TopicPartition("events", 2), Long.MAX_VALUE));

        assertThat(everythingCommitted.committedPast(batchId)).isFalse();
    }
}
