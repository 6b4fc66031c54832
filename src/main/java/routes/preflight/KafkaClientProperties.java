package routes.preflight;

import org.apache.kafka.clients.CommonClientConfigs;
import routes.config.PipelineSettings;
import routes.config.Setting;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Client properties for preflight's own Kafka clients, from the same settings camel-kafka reads: the security
 * protocol, and the TLS/SASL options given as {@code camel.component.kafka.*} (kebab or camel case).
 */
final class KafkaClientProperties {

    private static final String CAMEL_PREFIX = "camel.component.kafka.";
    /** camel-kafka option (lower case, no dashes) → Kafka client property. */
    private static final Map<String, String> SECURITY_OPTIONS = Map.ofEntries(
            Map.entry("saslmechanism", "sasl.mechanism"),
            Map.entry("sasljaasconfig", "sasl.jaas.config"),
            Map.entry("saslkerberosservicename", "sasl.kerberos.service.name"),
            Map.entry("ssltruststorelocation", "ssl.truststore.location"),
            Map.entry("ssltruststorepassword", "ssl.truststore.password"),
            Map.entry("ssltruststoretype", "ssl.truststore.type"),
            Map.entry("sslkeystorelocation", "ssl.keystore.location"),
            Map.entry("sslkeystorepassword", "ssl.keystore.password"),
            Map.entry("sslkeystoretype", "ssl.keystore.type"),
            Map.entry("sslkeypassword", "ssl.key.password"),
            Map.entry("sslendpointalgorithm", "ssl.endpoint.identification.algorithm"));

    private KafkaClientProperties() {
    }

    static Properties of(PipelineSettings settings, String clientId, int timeoutMillis) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.get(Setting.KAFKA_BOOTSTRAP_SERVERS));
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, settings.get(Setting.KAFKA_SECURITY_PROTOCOL));
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis);
        p.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis);
        // one reconnect attempt per second at most, so an unreachable broker does not flood the log
        p.put(CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG, 1000);
        Properties all = settings.asProperties();
        for (String key : all.stringPropertyNames()) {
            if (key.startsWith(CAMEL_PREFIX)) {
                String option = key.substring(CAMEL_PREFIX.length()).replace("-", "").toLowerCase(Locale.ROOT);
                String kafkaKey = SECURITY_OPTIONS.get(option);
                if (kafkaKey != null) {
                    p.put(kafkaKey, all.getProperty(key));
                }
            }
        }
        return p;
    }
}
