package routes.shutdown;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import routes.config.Setting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StopDeadlineTest {

    @Test
    void nothingIsAbandonedBeforeAStopBegins() {
        StopDeadline deadline = new StopDeadline(Duration.ofMillis(1));
        AtomicInteger abandoned = new AtomicInteger();
        Exchange exchange = exchange();
        new StopGate(deadline, e -> abandoned.incrementAndGet()).process(exchange);
        assertThat(deadline.stopping()).isFalse();
        assertThat(deadline.passed()).isFalse();
        assertThat(abandoned).hasValue(0);
        assertThat(exchange.isRouteStop()).isFalse();
    }

    @Test
    void pastTheFlushTimeoutAQueuedExchangeIsDroppedNotProcessed() throws Exception {
        StopDeadline deadline = new StopDeadline(Duration.ofMillis(200));
        AtomicInteger abandoned = new AtomicInteger();
        StopGate gate = new StopGate(deadline, e -> abandoned.incrementAndGet());
        Exchange early = exchange();
        Exchange late = exchange();
        deadline.begin();
        gate.process(early);
        assertThat(early.isRouteStop()).as("within the flush time, work goes on").isFalse();

        Thread.sleep(300);
        gate.process(late);
        assertThat(late.isRouteStop()).isTrue();
        assertThat(late.isFailed()).as("dropped, not failed: no error handler, no stack trace").isFalse();
        assertThat(abandoned).hasValue(1);
    }

    @Test
    void aWaitEndsAtTheStopDeadlineWhenThatIsSooner() {
        StopDeadline deadline = new StopDeadline(Duration.ofSeconds(1));
        long unbounded = deadline.waitUntilNanos(Duration.ofMinutes(2));
        assertThat(unbounded - System.nanoTime()).isGreaterThan(Duration.ofSeconds(100).toNanos());
        deadline.begin();
        assertThat(deadline.waitUntilNanos(Duration.ofMinutes(2)) - System.nanoTime())
                .isLessThanOrEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void loadsInFlightAreCancelledWithinTheTimeAfterTheFlushAndBeforeItsEnd() {
        StopDeadline deadline = new StopDeadline(Duration.ofSeconds(20));
        assertThatThrownBy(deadline::untilInFlightCancelled).isInstanceOf(IllegalStateException.class);
        deadline.begin();
        assertThat(deadline.untilInFlightCancelled())
                .isGreaterThan(Duration.ofSeconds(29))
                .isLessThanOrEqualTo(Duration.ofSeconds(20).plus(StopDeadline.IN_FLIGHT));
        assertThat(StopDeadline.IN_FLIGHT).as("time is left for the rollback, the final commits and closing the clients")
                .isLessThan(StopDeadline.AFTER_FLUSH);
    }

    @Test
    void aFlushTimeoutThatCannotEndBeforeCamelsShutdownTimeoutIsRefused() {
        assertThat(StopDeadline.within(Duration.ofSeconds(20), Duration.ofSeconds(60)).flushTimeout()).hasSeconds(20);
        assertThatThrownBy(() -> StopDeadline.within(Duration.ofSeconds(50), Duration.ofSeconds(60)))
                .hasMessageContaining(Setting.SHUTDOWN_FLUSH_TIMEOUT_MS);
        assertThatThrownBy(() -> new StopDeadline(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSummaryIsOneLineWithTheCounts() {
        AbandonedWork work = new AbandonedWork();
        assertThat(work.isEmpty()).isTrue();
        work.batch(3);
        work.batch(2);
        work.loadCycle(4);
        assertThat(work.summary(new StopDeadline(Duration.ofSeconds(20))))
                .startsWith("abandoned batches=2 events=5 notifications=4 after flush_timeout_ms=20000")
                .endsWith("they will be redelivered")
                .doesNotContain("\n");
    }

    private static final DefaultCamelContext CONTEXT = new DefaultCamelContext();

    private static Exchange exchange() {
        return new DefaultExchange(CONTEXT);
    }
}
