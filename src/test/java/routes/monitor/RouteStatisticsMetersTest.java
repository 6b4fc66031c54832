package routes.monitor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A real Camel context with camel-micrometer's route policy on every route, as the pipeline runs it. */
class RouteStatisticsMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private CamelContext context;

    @BeforeEach
    void start() throws Exception {
        context = new DefaultCamelContext();
        MicrometerRoutePolicyFactory policies = new MicrometerRoutePolicyFactory();
        policies.setMeterRegistry(registry);
        context.addRoutePolicyFactory(policies);
        RouteStatisticsMeters.install(context, registry);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:events").routeId("batcher-consume").to("log:x?level=OFF");
                from("direct:other").routeId("batcher-write").to("log:x?level=OFF");
            }
        });
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void thePerEventRouteIsCountedAndTimedFromCamelsStatisticsUnderThePolicysNamesNotByThePolicy() {
        ProducerTemplate send = context.createProducerTemplate();
        for (int i = 0; i < 3; i++) {
            send.sendBody("direct:events", "e" + i);
        }

        FunctionCounter total = registry.find("camel.exchanges.total").tag("routeId", "batcher-consume")
                .tag("kind", "CamelRoute").tag("eventType", "route").functionCounter();
        assertThat(total).isNotNull();
        assertThat(total.count()).isEqualTo(3.0);
        assertThat(registry.find("camel.exchanges.succeeded").tag("routeId", "batcher-consume").functionCounter().count())
                .isEqualTo(3.0);
        assertThat(registry.find("camel.exchanges.failed").tag("routeId", "batcher-consume").functionCounter().count())
                .isZero();
        FunctionTimer timer = registry.find("camel.route.policy").tag("routeId", "batcher-consume").functionTimer();
        assertThat(timer).isNotNull();
        assertThat(timer.count()).isEqualTo(3.0);
        // the policy itself registered nothing for the route: no per-exchange timer or counter of its own
        assertThat(registry.find("camel.route.policy").tag("routeId", "batcher-consume").timer()).isNull();
        assertThat(registry.find("camel.exchanges.total").tag("routeId", "batcher-consume").counter()).isNull();
    }

    @Test
    void otherRoutesKeepTheRoutePolicy() {
        context.createProducerTemplate().sendBody("direct:other", "x");

        Counter total = registry.find("camel.exchanges.total").tag("routeId", "batcher-write").counter();
        assertThat(total).isNotNull();
        assertThat(total.count()).isEqualTo(1.0);
        Timer timer = registry.find("camel.route.policy").tag("routeId", "batcher-write").timer();
        assertThat(timer).isNotNull();
        assertThat(timer.count()).isEqualTo(1);
    }
}
