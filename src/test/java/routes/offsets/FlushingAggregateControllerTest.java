package routes.offsets;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import routes.shutdown.StopDeadline;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** A revocation's flush against a real aggregator: it completes the groups it is given and no other. */
class FlushingAggregateControllerTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final FlushingAggregateController controller = new FlushingAggregateController(new StopDeadline(Duration.ofSeconds(5)));

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void flushingNamedGroupsCompletesThoseOpenGroupsOnlyAndSkipsKeysWithNone() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").aggregate(header("key"), new GroupedBodyAggregationStrategy())
                        .completionSize(1000).aggregateController(controller)
                        .to("mock:completed");
            }
        });
        camel.start();
        ProducerTemplate producer = camel.createProducerTemplate();
        for (String key : List.of("a", "b", "c", "a")) {
            producer.sendBodyAndHeader("direct:in", key, "key", key);
        }
        MockEndpoint completed = camel.getEndpoint("mock:completed", MockEndpoint.class);
        AtomicBoolean asked = new AtomicBoolean();

        int flushed = controller.flush(Set.of("a", "c", "gone"), () -> asked.getAndSet(true));

        assertThat(flushed).isEqualTo(2);
        assertThat(asked).as("waited on the durable condition").isTrue();
        assertThat(completed.getReceivedExchanges()).extracting(e -> e.getMessage().getBody(List.class))
                .containsExactlyInAnyOrder(List.of("a", "a"), List.of("c"));
        assertThat(controller.forceCompletionOfAllGroups()).as("group b stays open until then").isEqualTo(1);
    }
}
