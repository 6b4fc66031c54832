package routes.batch;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import routes.contract.SourceRecord;

/**
 * Which Kafka coordinates an id-less record's event id is derived from. Normally the record's own; a copy that
 * {@code dlq redrive} republished carries {@code dlq.redriven.from=<dlq partition>:<offset>}, and its id is derived
 * from that dead letter instead, so redriving the same dead letter twice (two operators, or a copy that left the
 * input topic's retention and was not seen) gives one id, and one row.
 *
 * <p>Trust: producers can write that header, but it claims only the id of a dead letter's redriven copy, never
 * one of the input topic's own records (a different topic in the derived id); and the header already decides
 * which dead letters the redrive treats as done, so honouring it here opens nothing new.
 */
public final class DerivedIdOrigin {

    private static final Pattern DLQ_COORDINATES = Pattern.compile("(\\d{1,9}):(\\d{1,18})");

    private final String dlqTopic;

    /** @param dlqTopic the dead-letter topic the redrive reads ({@code pipeline.kafka.topic.dlq}) */
    public DerivedIdOrigin(String dlqTopic) {
        this.dlqTopic = dlqTopic;
    }

    /** The coordinates to derive from: the dead letter's when {@code redrivenFrom} names one, else the record's. */
    public SourceRecord of(SourceRecord record, String redrivenFrom) {
        if (redrivenFrom == null) {
            return record;
        }
        Matcher m = DLQ_COORDINATES.matcher(redrivenFrom);
        if (!m.matches()) {
            return record;
        }
        return new SourceRecord(dlqTopic, Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)));
    }
}
