package routes.contract;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import routes.PipelineRuntime;
import routes.config.Setting;
import routes.testing.EmbeddedServices;
import routes.testing.PipelineOutputs;
import routes.testing.TestEvents;
import routes.testing.TestPipelines;
import routes.testing.TestPipelines.Namespace;
import routes.testing.Warehouse;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The batcher writes and the loader accepts the same object keys for every prefix the one rule allows:
 * none at all (objects at the bucket root), and segments with upper case and dots, which the loader
 * used to dead-letter or refuse to start on.
 */
@ExtendWith(EmbeddedServices.class)
class ObjectKeyPrefixIT {

    @ParameterizedTest(name = "prefix \"{0}\"")
    @ValueSource(strings = {"", "Logs.v2/raw/"})
    void everyEventIsLoadedWhateverTheAllowedPrefix(String prefix) throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(2);
        EmbeddedServices.produce(ns.events(), TestEvents.events(500, 3));
        var settings = TestPipelines.settings(ns).set(Setting.S3_PREFIX, prefix).build();

        try (PipelineRuntime ignored = PipelineRuntime.start(settings)) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Warehouse.rows(ns.table()) >= 500 && TestPipelines.caughtUp(ns.loaderGroup(), ns.batches()));
        }

        assertThat(Warehouse.rows(ns.table())).isEqualTo(500);
        assertThat(EmbeddedServices.consumeAll(ns.dlq(), Duration.ofSeconds(2))).isEmpty();
        assertThat(PipelineOutputs.notifications(ns.batches()))
                .isNotEmpty()
                .allSatisfy(n -> assertThat(n.key()).startsWith(prefix + "event_key="));
    }
}
