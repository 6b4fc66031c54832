package routes.offsets;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import routes.contract.SourceRecord;

/**
 * A consumer route's last step: the exchange's source record ({@link SourceRecord#recalled}) is routed, so
 * {@link OffsetWatermarks} may move past it. A processor rather than a bean call with
 * {@code ${exchangeProperty…}} arguments, which Camel parsed again for every record.
 */
public final class RoutedMarker implements Processor {

    private final OffsetWatermarks watermarks;

    public RoutedMarker(OffsetWatermarks watermarks) {
        this.watermarks = watermarks;
    }

    @Override
    public void process(Exchange exchange) {
        SourceRecord source = SourceRecord.recalled(exchange);
        watermarks.routed(source.topic(), source.partition(), source.offset());
    }
}
