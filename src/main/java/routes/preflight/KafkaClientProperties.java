package routes.preflight;

import org.apache.kafka.clients.CommonClientConfigs;
import routes.config.KafkaClientSecurity;
import routes.config.PipelineSettings;
import routes.config.Setting;

import java.util.Properties;

/** Client properties for preflight's own Kafka clients, secured like the routes' ({@link KafkaClientSecurity}). */
final class KafkaClientProperties {

    private KafkaClientProperties() {
    }

    static Properties of(PipelineSettings settings, String clientId, int timeoutMillis) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.get(Setting.KAFKA_BOOTSTRAP_SERVERS));
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis);
        p.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis);
        // one reconnect attempt per second at most, so an unreachable broker does not flood the log
        p.put(CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG, 1000);
        return KafkaClientSecurity.from(settings).applyTo(p);
    }
}
