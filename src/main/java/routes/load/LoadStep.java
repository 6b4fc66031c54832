package routes.load;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.contract.ExchangeProperties;
import routes.contract.BatchNotification;
import routes.contract.DeadLetters;
import routes.contract.OccurredAtParser;
import routes.monitor.LoadHistory;
import routes.monitor.PipelineMetrics;
import routes.monitor.TablePauses;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The cycle-level steps of routes.yaml's {@code loader-load}: plan the cycle ({@link LoadPlan}), and once its parts
 * are loaded or isolated, report it (one INFO line, metrics) and turn the batches that failed for good into
 * dead letters. The cycle's offset holds are released when its exchange is done (LoadCycle#releaseHoldsWhenDone).
 */
public final class LoadStep {

    private static final String CYCLE = ExchangeProperties.LOAD_CYCLE;
    /** The cycle's {@link LoadReport}, once {@link #finish} has run. */
    public static final String REPORT = ExchangeProperties.LOAD_REPORT;
    private static final Logger LOG = LoggerFactory.getLogger(LoadStep.class);

    private final LoadSettings settings;
    private final PipelineMetrics metrics;
    private final LoadHistory history;
    private final TablePauses pauses;
    private final Clock clock;

    public LoadStep(LoadSettings settings, PipelineMetrics metrics, LoadHistory history, TablePauses pauses, Clock clock) {
        this.settings = settings;
        this.metrics = metrics;
        this.history = history;
        this.pauses = pauses;
        this.clock = clock;
    }

    /** The cycle in the body becomes the exchange's load plan: its parts are loaded one transaction each. */
    public void plan(Exchange exchange) {
        LoadCycle cycle = exchange.getMessage().getBody(LoadCycle.class);
        exchange.setProperty(CYCLE, cycle);
        exchange.setProperty(LoadStatements.PLAN, new LoadPlan(cycle.table(), cycle.notifications(), settings.isolateAfter(), pauses));
    }

    /** The loop's condition: a part of the cycle is still to load. */
    public boolean hasPart(Exchange exchange) {
        return exchange.getProperty(LoadStatements.PLAN, LoadPlan.class).hasPart();
    }

    /** Reports the cycle; the body becomes the list of dead-letter messages (possibly empty). */
    public List<DeadLetter> finish(Exchange exchange) {
        LoadCycle cycle = exchange.getProperty(CYCLE, LoadCycle.class);
        LoadReport report = exchange.getProperty(LoadStatements.PLAN, LoadPlan.class).report();
        exchange.setProperty(REPORT, report);
        LOG.info(report.logLine(cycle.startedBy()));
        metrics.loaded(cycle.table(), cycle.startedBy().logName(), report.rowsInserted(), report.duplicatesSkipped(), report.millis());
        report.isolations().forEach(reason -> metrics.loadIsolated(cycle.table(), reason));

        Map<String, LoadCycle.Entry> byBatch = cycle.entries().stream()
                .collect(Collectors.toMap(e -> e.notification().batchId(), Function.identity(), (a, b) -> a));
        Instant now = clock.instant();
        history.loaded(cycle.table(), report.batchesLoaded(), report.rowsInserted(), report.duplicatesSkipped(),
                report.failed().size(), report.millis(), now);
        cycle.notifications().stream()
                .filter(n -> report.failed().stream().noneMatch(f -> f.batch().batchId().equals(n.batchId())))
                .forEach(n -> recordLatencies(cycle.table(), n, report.loadedBatchIds().contains(n.batchId()), now));

        List<DeadLetter> deadLetters = new ArrayList<>();
        for (FailedBatch failed : report.failed()) {
            LoadCycle.Entry entry = byBatch.get(failed.batch().batchId());
            deadLetters.add(new DeadLetter(entry, failed.reason()));
            metrics.eventDeadLettered("loader", "load_failed");
        }
        return deadLetters;
    }

    /**
     * The latencies of a batch that did not fail, at {@code committedAt}: the pipeline's own (from the arrival in topic
     * A) only when this cycle committed its rows ({@code committedNow}; a redelivered notification the ledger already
     * held would otherwise read as time since arrival) and the notification has arrival times (not an older
     * batcher's, a replay's); the apps' view (from occurred_at) as it always was. All fields were validated on intake
     * ({@link NotificationValidator}): after the COMMIT nothing may throw.
     */
    private void recordLatencies(String table, BatchNotification n, boolean committedNow, Instant committedAt) {
        if (committedNow && n.minArrivedAt() != null) {
            metrics.pipelineLatency(table, Duration.between(OccurredAtParser.parseIso(n.minArrivedAt()), committedAt));
        }
        metrics.endToEndLatency(table, Duration.between(OccurredAtParser.parseIso(n.minOccurredAt()), committedAt));
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

    public record DeadLetter(LoadCycle.Entry entry, String reason) {
    }

}
