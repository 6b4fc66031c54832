package routes.monitor;

import org.apache.camel.Endpoint;
import org.apache.camel.component.aws2.s3.AWS2S3Endpoint;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.spi.CamelEvent;

/**
 * Times the pipeline's producer steps from Camel's own "exchange sent" events, so the routes and beans
 * carry no timing code: every send to an aws2-s3 endpoint is one {@link PipelineMetrics#S3_PUT}, every
 * successful send to topic B one {@link PipelineMetrics#NOTIFICATIONS_PUBLISHED}.
 */
public final class ProducerTimings extends SentExchangeNotifier {

    private final PipelineMetrics metrics;
    private final String notificationTopic;

    public ProducerTimings(PipelineMetrics metrics, String notificationTopic) {
        this.metrics = metrics;
        this.notificationTopic = notificationTopic;
    }

    @Override
    protected void sent(CamelEvent.ExchangeSentEvent sent) {
        Endpoint endpoint = sent.getEndpoint();
        boolean succeeded = sent.getExchange().getException() == null;
        if (endpoint instanceof AWS2S3Endpoint) {
            metrics.s3Put(sent.getTimeTaken(), succeeded);
        } else if (succeeded && endpoint instanceof KafkaEndpoint kafka
                && notificationTopic.equals(kafka.getConfiguration().getTopic())) {
            metrics.notificationPublished();
        }
    }
}
