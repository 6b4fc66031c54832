package routes.offsets;

import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * camel-kafka's client factory (component option {@code kafkaClientFactory}): consumers of a group that has
 * registered {@link OffsetWatermarks} get a {@link WatermarkCommittingConsumer}; everything else is Camel's default.
 */
public final class WatermarkConsumerFactory extends DefaultKafkaClientFactory {

    private final Map<String, OffsetWatermarks> byGroup = new ConcurrentHashMap<>();
    private final long commitIntervalMillis;

    public WatermarkConsumerFactory(long commitIntervalMillis) {
        this.commitIntervalMillis = commitIntervalMillis;
    }

    public OffsetWatermarks register(OffsetWatermarks watermarks) {
        byGroup.put(watermarks.groupId(), watermarks);
        return watermarks;
    }

    @Override
    public Consumer getConsumer(Properties kafkaProps) {
        OffsetWatermarks watermarks = byGroup.get(kafkaProps.getProperty(ConsumerConfig.GROUP_ID_CONFIG));
        if (watermarks == null) {
            return super.getConsumer(kafkaProps);
        }
        return new WatermarkCommittingConsumer<>(kafkaProps, watermarks, commitIntervalMillis);
    }
}
