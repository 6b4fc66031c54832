package routes.operate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import routes.contract.DlqHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * Which dead letters to redrive: by the stage that rejected them, an optional reason (the {@code dlq.reason}
 * header equals it or starts with it followed by ':' — the loader's reasons carry a detail) and an optional
 * window on the dead letter's timestamp, {@code [from, to)}.
 */
public record DlqSelection(Stage stage, String reason, Instant from, Instant to) {

    /** The stage that dead-lettered a record, and so the topic its original bytes came from. */
    public enum Stage { batcher, loader }

    public DlqSelection {
        if (stage == null) {
            throw new IllegalArgumentException("--stage is required (batcher or loader)");
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("--from must be before --to");
        }
    }

    public boolean matches(ConsumerRecord<byte[], byte[]> record) {
        if (!stage.name().equals(header(record, DlqHeaders.STAGE).orElse(null))) {
            return false;
        }
        if (from != null && record.timestamp() < from.toEpochMilli() || to != null && record.timestamp() >= to.toEpochMilli()) {
            return false;
        }
        if (reason == null) {
            return true;
        }
        String actual = header(record, DlqHeaders.REASON).orElse("");
        return actual.equals(reason) || actual.startsWith(reason + ":");
    }

    /** Where the record's copy on the input topic says it came from: {@code <dlq partition>:<offset>}. */
    public static String coordinates(ConsumerRecord<?, ?> record) {
        return record.partition() + ":" + record.offset();
    }

    public static Optional<String> header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }
}
