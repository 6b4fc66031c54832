package routes.operate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import routes.config.Setting;
import routes.contract.DlqHeaders;
import routes.config.PipelineSettings;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;

/**
 * Republishes selected dead letters, original key and bytes, to the input topic of the stage that
 * rejected them; the pipeline then treats them like any other input, and what fails again is dead-lettered
 * again with its new reason.
 *
 * <p>Idempotence: every copy carries {@link PipelineHeaders#DLQ_REDRIVEN_FROM}. Before publishing, the input
 * topic is read from the oldest selected dead letter's timestamp on (a copy is always younger than its dead
 * letter) and every dead letter already named there is skipped, so running the same redrive twice publishes
 * nothing the second time. Limit: a copy that has left the input topic (retention) is not seen, and the
 * dead letter would be published again. That can never double a row: the loader keeps one row per
 * {@code event_id} and loads a batch id once (ledger), so the warehouse stays exactly-once either way.
 *
 * <p>A dead letter kept by reference (its original was too large for the DLQ) is republished with the original
 * read back from S3 ({@link SpilledOriginals}: size and SHA-256 checked; a mismatch counts as failed and publishes
 * nothing). Those copies are compressed, as their producer most likely sent them, so a record that was small on the
 * wire is small again on the input topic.
 *
 * <p>The selected dead letters are held in memory between the two reads; narrow a large DLQ with
 * {@code --from/--to} or {@code --reason}.
 */
public final class DlqRedrive {


    private final PipelineSettings settings;
    private final OperateKafka kafka;
    private final SpilledOriginals originals;

    public DlqRedrive(PipelineSettings settings, S3Client s3) {
        this.settings = settings;
        this.kafka = new OperateKafka(settings);
        this.originals = new SpilledOriginals(s3, settings.get(Setting.S3_BUCKET));
    }

    /** Counts of one redrive; never event content. */
    public record Summary(long scanned, long selected, long alreadyRedriven, long redriven, long failed,
                          Map<String, Long> selectedByReason, boolean dryRun) {
        public boolean ok() {
            return failed == 0;
        }
    }

    public String inputTopic(DlqSelection.Stage stage) {
        return settings.get(stage == DlqSelection.Stage.batcher ? Setting.KAFKA_TOPIC_EVENTS : Setting.KAFKA_TOPIC_BATCHES);
    }

    public Summary run(DlqSelection selection, boolean dryRun) {
        String dlq = settings.get(Setting.KAFKA_TOPIC_DLQ);
        List<ConsumerRecord<byte[], byte[]>> selected = new ArrayList<>();
        long[] scanned = {0};
        Map<String, Long> byReason = new TreeMap<>();
        long since = selection.from() == null ? 0 : selection.from().toEpochMilli();
        kafka.readUpToEnd(dlq, since, record -> {
            scanned[0]++;
            if (selection.matches(record)) {
                selected.add(record);
                byReason.merge(reasonCode(record), 1L, Long::sum);
            }
        });
        String target = inputTopic(selection.stage());
        Set<String> done = alreadyRedriven(target, selected);
        List<ConsumerRecord<byte[], byte[]>> todo = selected.stream()
                .filter(r -> !done.contains(DlqSelection.coordinates(r))).toList();
        long failed = dryRun ? 0 : publish(target, todo);
        return new Summary(scanned[0], selected.size(), selected.size() - todo.size(),
                dryRun ? 0 : todo.size() - failed, failed, byReason, dryRun);
    }

    private Set<String> alreadyRedriven(String target, List<ConsumerRecord<byte[], byte[]>> selected) {
        Set<String> done = new HashSet<>();
        if (selected.isEmpty()) {
            return done;
        }
        long oldest = selected.stream().mapToLong(ConsumerRecord::timestamp).min().orElse(0);
        kafka.readUpToEnd(target, oldest, record ->
                DlqSelection.header(record, DlqHeaders.REDRIVEN_FROM).ifPresent(done::add));
        return done;
    }

    private long publish(String target, List<ConsumerRecord<byte[], byte[]>> todo) {
        long largest = todo.stream().filter(SpilledOriginals::byReference)
                .mapToLong(r -> DlqSelection.header(r, DlqHeaders.ORIGINAL_BYTES).map(Long::parseLong).orElse(0L))
                .max().orElse(0);
        long failed = 0;
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer(largest)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> deadLetter : todo) {
                byte[] original;
                try {
                    original = originals.original(deadLetter);
                } catch (SpilledOriginals.Unrecoverable e) {
                    System.err.println("dlq redrive: " + DlqSelection.coordinates(deadLetter) + " not redriven: " + e.getMessage());
                    failed++;
                    continue;
                }
                ProducerRecord<byte[], byte[]> copy = new ProducerRecord<>(target, null, deadLetter.key(), original);
                copy.headers().add(new RecordHeader(DlqHeaders.REDRIVEN_FROM,
                        DlqSelection.coordinates(deadLetter).getBytes(StandardCharsets.UTF_8)));
                sent.add(producer.send(copy));
            }
            producer.flush();
            return failed + OperateKafka.unacknowledged(sent, () -> { });
        }
    }

    /** The reason's code without the loader's detail, so the summary groups by kind and shows no content. */
    private static String reasonCode(ConsumerRecord<byte[], byte[]> record) {
        String reason = DlqSelection.header(record, DlqHeaders.REASON).orElse("(none)");
        int colon = reason.indexOf(':');
        return colon < 0 ? reason : reason.substring(0, colon);
    }
}
