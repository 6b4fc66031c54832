package routes.load;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import routes.contract.DeadLetters;
import routes.monitor.LoadHistory;
import routes.monitor.PipelineMetrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs one table's load cycle: one warehouse transaction for all its notifications ({@link WarehouseLoader}
 * retries transient failures itself), then hands the batches that failed for good to the dead-letter
 * route, and only then releases the cycle's offset holds.
 */
public final class LoadStep {

    private static final String CYCLE = "pipelineLoadCycle";

    private final WarehouseLoader loader;
    private final PipelineMetrics metrics;
    private final LoadHistory history;
    private final Clock clock;

    public LoadStep(WarehouseLoader loader, PipelineMetrics metrics, LoadHistory history, Clock clock) {
        this.loader = loader;
        this.metrics = metrics;
        this.history = history;
        this.clock = clock;
    }

    /** Loads the cycle; the body becomes the list of dead-letter messages (possibly empty). */
    public List<DeadLetter> load(Exchange exchange) {
        LoadCycle cycle = exchange.getMessage().getBody(LoadCycle.class);
        exchange.setProperty(CYCLE, cycle);
        LoadReport report = loader.load(cycle.table(), cycle.notifications());
        metrics.loaded(cycle.table(), report.rowsInserted(), report.duplicatesSkipped(), report.millis());
        report.isolations().forEach(reason -> metrics.loadIsolated(cycle.table(), reason));

        Map<String, LoadCycle.Entry> byBatch = cycle.entries().stream()
                .collect(Collectors.toMap(e -> e.notification().batchId(), Function.identity(), (a, b) -> a));
        Instant now = clock.instant();
        history.loaded(cycle.table(), report.batchesLoaded(), report.rowsInserted(), report.duplicatesSkipped(),
                report.failed().size(), report.millis(), now);
        cycle.notifications().stream()
                .filter(n -> report.failed().stream().noneMatch(f -> f.batch().batchId().equals(n.batchId())))
                .forEach(n -> metrics.endToEndLatency(cycle.table(), Duration.between(Instant.parse(n.minOccurredAt()), now)));

        List<DeadLetter> deadLetters = new ArrayList<>();
        for (FailedBatch failed : report.failed()) {
            LoadCycle.Entry entry = byBatch.get(failed.batch().batchId());
            deadLetters.add(new DeadLetter(entry, failed.reason()));
            metrics.eventDeadLettered("loader", "load_failed");
        }
        return deadLetters;
    }

    /** Split step: one failed batch becomes its notification's original bytes with the reason headers. */
    public void toDeadLetter(Exchange exchange) {
        DeadLetter deadLetter = exchange.getMessage().getBody(DeadLetter.class);
        LoadCycle.Entry entry = deadLetter.entry();
        Message message = exchange.getMessage();
        message.setBody(entry.original());
        DeadLetters.mark(message, "loader", "load_failed: " + deadLetter.reason(),
                entry.topic(), entry.partition(), entry.offset());
    }

    /** After the transaction and the dead letters: the notifications may be committed on topic B. */
    public void durable(Exchange exchange) {
        exchange.getProperty(CYCLE, LoadCycle.class).markDurable();
    }

    public record DeadLetter(LoadCycle.Entry entry, String reason) {
    }

}
