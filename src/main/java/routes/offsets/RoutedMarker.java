package routes.offsets;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import routes.PipelineHeaders;

/**
 * A consumer route's last step: the exchange's source record (the coordinates {@code SourceRecord} kept
 * as exchange properties) is routed, so {@link OffsetWatermarks} may move past it. A processor rather
 * than a bean call with {@code ${exchangeProperty…}} arguments, which Camel parsed again for every record.
 */
public final class RoutedMarker implements Processor {

    private final OffsetWatermarks watermarks;

    public RoutedMarker(OffsetWatermarks watermarks) {
        this.watermarks = watermarks;
    }

    @Override
    public void process(Exchange exchange) {
        watermarks.routed(exchange.getProperty(PipelineHeaders.SOURCE_TOPIC, String.class),
                exchange.getProperty(PipelineHeaders.SOURCE_PARTITION, Integer.class),
                exchange.getProperty(PipelineHeaders.SOURCE_OFFSET, Long.class));
    }
}
