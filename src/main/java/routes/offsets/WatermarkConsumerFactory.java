package routes.offsets;

import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import routes.config.KafkaClientSecurity;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * camel-kafka's client factory (component option {@code kafkaClientFactory}): every consumer and producer of the
 * routes gets the {@link KafkaClientSecurity} (whatever a routes file's endpoint says); consumers of a group that
 * has registered {@link OffsetWatermarks} get the client Camel would have made wrapped in a
 * {@link WatermarkCommittingConsumer}; everything else is Camel's default.
 */
public final class WatermarkConsumerFactory extends DefaultKafkaClientFactory {

    /** The bean name routes.yaml's consumers give as {@code kafkaClientFactory}. */
    public static final String BEAN = "watermarkCommits";

    private final Map<String, OffsetWatermarks> byGroup = new ConcurrentHashMap<>();
    private final long commitIntervalMillis;
    private final KafkaClientSecurity security;

    public WatermarkConsumerFactory(long commitIntervalMillis, KafkaClientSecurity security) {
        this.commitIntervalMillis = commitIntervalMillis;
        this.security = security;
    }

    public OffsetWatermarks register(OffsetWatermarks watermarks) {
        byGroup.put(watermarks.groupId(), watermarks);
        return watermarks;
    }

    @Override
    public Producer getProducer(Properties kafkaProps) {
        return super.getProducer(security.applyTo(kafkaProps));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Consumer getConsumer(Properties kafkaProps) {
        security.applyTo(kafkaProps);
        Consumer<Object, Object> client = super.getConsumer(kafkaProps);
        OffsetWatermarks watermarks = byGroup.get(kafkaProps.getProperty(ConsumerConfig.GROUP_ID_CONFIG));
        return watermarks == null ? client : new WatermarkCommittingConsumer<>(client, watermarks, commitIntervalMillis);
    }
}
