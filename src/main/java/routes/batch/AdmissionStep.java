package routes.batch;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import routes.contract.DeadLetters;
import routes.contract.DlqHeaders;
import routes.contract.PipelineHeaders;
import routes.contract.SourceRecord;
import routes.monitor.PipelineMetrics;

/**
 * The batcher's first step: runs {@link EventAdmission} on the record and tells the route what to do with
 * it through {@link PipelineHeaders#VERDICT}. A rejected record keeps its original bytes as the body and
 * gets the dead-letter headers; an accepted one becomes an {@link AdmissionVerdict.Accepted}.
 * <p>
 * A processor, run once per record on the polling thread: a {@code bean} step resolved and invoked its method by
 * reflection for every record (docs/performance.md, issue 20). {@link #admit} stays for routes files exported
 * before, which call it as a bean.
 */
public final class AdmissionStep implements Processor {

    private final EventAdmission admission;
    private final PipelineMetrics metrics;
    private final DerivedIdOrigin idOrigin;

    public AdmissionStep(EventAdmission admission, PipelineMetrics metrics, DerivedIdOrigin idOrigin) {
        this.admission = admission;
        this.metrics = metrics;
        this.idOrigin = idOrigin;
    }

    @Override
    public void process(Exchange exchange) {
        admit(exchange);
    }

    public void admit(Exchange exchange) {
        SourceRecord source = SourceRecord.remember(exchange);
        Message message = exchange.getMessage();
        Long timestamp = message.getHeader(KafkaConstants.TIMESTAMP, Long.class);
        metrics.eventConsumed();

        SourceRecord idSource = idOrigin.of(source, message.getHeader(DlqHeaders.REDRIVEN_FROM, String.class));
        AdmissionVerdict verdict = admission.admit(message.getBody(byte[].class), idSource.topic(), idSource.partition(),
                idSource.offset(), timestamp == null ? System.currentTimeMillis() : timestamp);
        if (verdict instanceof AdmissionVerdict.Accepted accepted) {
            message.setHeader(PipelineHeaders.VERDICT, PipelineHeaders.ACCEPTED);
            message.setHeader(PipelineHeaders.EVENT_KEY, accepted.eventKey());
            message.setBody(accepted);
        } else if (verdict instanceof AdmissionVerdict.Dropped dropped) {
            message.setHeader(PipelineHeaders.VERDICT, PipelineHeaders.DROPPED);
            metrics.eventDropped(dropped.rule());
        } else if (verdict instanceof AdmissionVerdict.Rejected rejected) {
            DeadLetters.mark(message, "batcher", rejected.reason().code() + ": " + rejected.detail(),
                    source.topic(), source.partition(), source.offset());
            message.setHeader(PipelineHeaders.VERDICT, PipelineHeaders.REJECTED);
            metrics.eventDeadLettered("batcher", rejected.reason().code());
        }
    }
}
