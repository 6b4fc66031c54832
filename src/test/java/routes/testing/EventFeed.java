package routes.testing;

import routes.testing.TestPipelines.Namespace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * Numbered test events ({@link TestEvents#event}) sent to a namespace's topic A, counted, and the bounded wait until
 * every one sent is a row and both groups have committed their topics to the end.
 */
public final class EventFeed {

    private static final Duration DRAIN_BOUND = Duration.ofSeconds(90);

    private final Namespace ns;
    private final int keys;
    private int produced;

    public EventFeed(Namespace ns, int keys) {
        this.ns = ns;
        this.keys = keys;
    }

    /** The next {@code count} events, over the feed's keys. */
    public void send(int count) {
        List<byte[]> events = new ArrayList<>();
        for (int i = produced; i < produced + count; i++) {
            events.add(TestEvents.event(i, keys));
        }
        EmbeddedServices.produce(ns.events(), events);
        produced += count;
    }

    public void drain() {
        await().atMost(DRAIN_BOUND).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> TestPipelines.drained(ns, produced));
    }

    public int produced() {
        return produced;
    }
}
