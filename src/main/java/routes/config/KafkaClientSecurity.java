package routes.config;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The security of every Kafka client the pipeline opens — camel-kafka's consumers and producers (through
 * {@code routes.offsets.WatermarkConsumerFactory}), the lag monitor's admin client, the operate commands',
 * preflight's and bench's clients — from the {@code pipeline.kafka.security-protocol}, {@code sasl-*} and
 * {@code ssl-*} settings, so no client can be left on a weaker transport than the others. Validated when it
 * is built: a setting that would be ignored, or a mechanism without its credentials, fails the start.
 * Secrets (SASL and store passwords) are read through {@link PipelineSettings#secret} and only ever handed to
 * the Kafka client, which logs them as {@code [hidden]}; {@link #toString()} names no secret.
 */
public final class KafkaClientSecurity {

    public static final String MSK_IAM = "AWS_MSK_IAM";
    static final String MSK_IAM_LOGIN_MODULE = "software.amazon.msk.auth.iam.IAMLoginModule";
    static final String MSK_IAM_CALLBACK_HANDLER = "software.amazon.msk.auth.iam.IAMClientCallbackHandler";
    private static final Map<String, String> LOGIN_MODULES = Map.of(
            "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule",
            "SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule",
            "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");
    /** camel-kafka options that would reach the routes' clients only: refused so that no other client misses them. */
    private static final Set<String> CAMEL_OPTIONS = Set.of("securityprotocol", "saslmechanism", "sasljaasconfig",
            "ssltruststorelocation", "ssltruststorepassword", "ssltruststoretype", "sslkeystorelocation",
            "sslkeystorepassword", "sslkeystoretype", "sslkeypassword", "sslendpointalgorithm", "additionalproperties");
    private static final String CAMEL_PREFIX = "camel.component.kafka.";

    private final Map<String, Object> properties;
    private final String description;

    private KafkaClientSecurity(Map<String, Object> properties, String description) {
        this.properties = Map.copyOf(properties);
        this.description = description;
    }

    public static KafkaClientSecurity from(PipelineSettings settings) {
        refuseCamelOptions(settings);
        // the declaration (Setting) admits only the protocols and mechanisms known here
        String protocol = settings.get(Setting.KAFKA_SECURITY_PROTOCOL).toUpperCase(Locale.ROOT);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        String sasl = sasl(settings, protocol, p);
        boolean tls = protocol.endsWith("SSL");
        String trustStore = settings.get(Setting.KAFKA_SSL_TRUSTSTORE_LOCATION);
        String keyStore = settings.get(Setting.KAFKA_SSL_KEYSTORE_LOCATION);
        if (!tls && !(trustStore.isEmpty() && keyStore.isEmpty())) {
            throw new IllegalArgumentException("pipeline.kafka.ssl-* stores are set but pipeline.kafka.security-protocol="
                    + protocol + " does not use TLS (SSL or SASL_SSL)");
        }
        if (!trustStore.isEmpty()) {
            p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, trustStore);
            p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, settings.get(Setting.KAFKA_SSL_TRUSTSTORE_TYPE));
            putIfSet(p, SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, settings.secret(Setting.KAFKA_SSL_TRUSTSTORE_PASSWORD));
        }
        if (!keyStore.isEmpty()) {
            p.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, keyStore);
            p.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, settings.get(Setting.KAFKA_SSL_KEYSTORE_TYPE));
            String password = settings.secret(Setting.KAFKA_SSL_KEYSTORE_PASSWORD);
            putIfSet(p, SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, password);
            putIfSet(p, SslConfigs.SSL_KEY_PASSWORD_CONFIG, password);
        }
        String described = "protocol=" + protocol + sasl
                + (tls ? ", trust=" + (trustStore.isEmpty() ? "jvm-default" : trustStore) : "")
                + (keyStore.isEmpty() ? "" : ", client-certificate=" + keyStore);
        return new KafkaClientSecurity(p, described);
    }

    /** Adds the SASL properties; returns their description (mechanism and principal, never the password). */
    private static String sasl(PipelineSettings settings, String protocol, Map<String, Object> p) {
        String mechanism = settings.get(Setting.KAFKA_SASL_MECHANISM).toUpperCase(Locale.ROOT);
        boolean saslProtocol = protocol.startsWith("SASL_");
        if (mechanism.isEmpty()) {
            if (saslProtocol) {
                throw new IllegalArgumentException("pipeline.kafka.security-protocol=" + protocol
                        + " needs pipeline.kafka.sasl-mechanism (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or AWS_MSK_IAM)");
            }
            return "";
        }
        if (!saslProtocol) {
            throw new IllegalArgumentException("pipeline.kafka.sasl-mechanism=" + mechanism
                    + " is ignored by pipeline.kafka.security-protocol=" + protocol + ": use SASL_SSL");
        }
        p.put(SaslConfigs.SASL_MECHANISM, mechanism);
        if (mechanism.equals(MSK_IAM)) {
            requireOnClassPath(MSK_IAM_LOGIN_MODULE);
            p.put(SaslConfigs.SASL_JAAS_CONFIG, MSK_IAM_LOGIN_MODULE + " required;");
            p.put(SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS, MSK_IAM_CALLBACK_HANDLER);
            return ", sasl=" + mechanism;
        }
        String module = LOGIN_MODULES.get(mechanism);
        if (module == null) {
            throw new IllegalStateException("no login module for the declared SASL mechanism " + mechanism);
        }
        String username = settings.get(Setting.KAFKA_SASL_USERNAME);
        String password = settings.secret(Setting.KAFKA_SASL_PASSWORD);
        if (username.isEmpty() || password.isEmpty()) {
            throw new IllegalArgumentException("pipeline.kafka.sasl-mechanism=" + mechanism
                    + " needs pipeline.kafka.sasl-username and pipeline.kafka.sasl-password (or -file)");
        }
        p.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + jaasQuoted(username)
                + "\" password=\"" + jaasQuoted(password) + "\";");
        return ", sasl=" + mechanism + ", principal=" + username;
    }

    /** Kafka parses the JAAS line with a StreamTokenizer: backslash and double quote are escaped inside quotes. */
    static String jaasQuoted(String value) {
        if (value.chars().anyMatch(c -> c == '\n' || c == '\r')) {
            throw new IllegalArgumentException("a SASL username or password must not contain a line break");
        }
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void refuseCamelOptions(PipelineSettings settings) {
        for (String key : settings.asProperties().stringPropertyNames()) {
            if (key.startsWith(CAMEL_PREFIX)) {
                String option = key.substring(CAMEL_PREFIX.length()).replace("-", "").toLowerCase(Locale.ROOT);
                int bracket = option.indexOf('[');
                if (CAMEL_OPTIONS.contains(bracket < 0 ? option : option.substring(0, bracket))) {
                    throw new IllegalArgumentException(key + " would secure the routes' Kafka clients only: use the "
                            + "pipeline.kafka.security-protocol, sasl-* and ssl-* settings (docs/security.md)");
                }
            }
        }
    }

    private static void requireOnClassPath(String className) {
        try {
            Class.forName(className, false, KafkaClientSecurity.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("pipeline.kafka.sasl-mechanism=" + MSK_IAM + " needs " + className
                    + " (software.amazon.msk:aws-msk-iam-auth) on the class path", e);
        }
    }

    private static void putIfSet(Map<String, Object> p, String key, String value) {
        if (!value.isEmpty()) {
            p.put(key, value);
        }
    }

    /** Adds the security properties to a client's configuration, replacing any it had. */
    public Map<String, Object> applyTo(Map<String, Object> clientConfig) {
        clientConfig.putAll(properties);
        return clientConfig;
    }

    /** Adds the security properties to a client's configuration, replacing any it had. */
    public Properties applyTo(Properties clientConfig) {
        clientConfig.putAll(properties);
        return clientConfig;
    }

    /** Protocol, mechanism, principal and trust store, for a start-up log line: no secret. */
    @Override
    public String toString() {
        return description;
    }
}
