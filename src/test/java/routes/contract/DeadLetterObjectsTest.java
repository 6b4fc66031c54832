package routes.contract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DeadLetterObjectsTest {

    @Test
    void theKeyIsDerivedFromTheSourceCoordinatesOnlySoARetryOverwritesIt() {
        assertThat(DeadLetterObjects.key("events", 3, 1234)).isEqualTo("dlq/events/3/1234");
        assertThat(DeadLetterObjects.key("events", 3, 1234)).isEqualTo(DeadLetterObjects.key("events", 3, 1234));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "dlq/events/0/0,                      true",
            "dlq/event-batches/11/987654321,       true",
            "dlq/my.app_topic-1/2/3,               true",
            "events/event_key=a/dt=2026-01-01/x,   false",
            "dlq/../events/0/0,                    false",
            "dlq/events/0/0/../../x,               false",
            "dlq/events/a/0,                       false",
            "manifests/dlq/events/0/0,             false",
            "dlq/events/0,                         false",
            "dlq/../0/0,                           false",
    })
    void redriveFollowsOnlyKeysOfTheDeadLetterLayout(String key, boolean followed) {
        assertThat(DeadLetterObjects.isKey(key)).isEqualTo(followed);
    }

    @Test
    void aSourceThatIsNotAKafkaTopicNameIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> DeadLetterObjects.key("../x", 0, 0));
    }
}
