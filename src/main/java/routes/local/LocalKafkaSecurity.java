package routes.local;

import routes.config.Setting;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The secured embedded broker of {@code local --secure}: one SASL_SSL listener for clients (SCRAM-SHA-512, the
 * generated CA), the KRaft controller listener on TLS with client certificates (only the broker's own certificate
 * gets in), the StandardAuthorizer denying everything no ACL allows, and one SCRAM principal per role whose
 * password is generated into {@code <dir>/credentials/<principal>.password}. Its administrator is used by the
 * broker between its own listeners and by {@link EmbeddedKafka} to create topics and ACLs.
 */
public final class LocalKafkaSecurity {

    public static final String MECHANISM = "SCRAM-SHA-512";
    public static final String ADMIN = "local-admin";
    public static final String BATCHER = "event-batcher";
    public static final String LOADER = "event-loader";
    /** Both roles in one process, as {@code local} runs them: the union of the batcher's and the loader's ACLs. */
    public static final String PIPELINE = "event-pipeline";
    public static final String APP = "event-app";
    public static final String OPERATOR = "event-operator";
    private static final List<String> PRINCIPALS = List.of(ADMIN, BATCHER, LOADER, PIPELINE, APP, OPERATOR);
    private static final long TIMEOUT_S = 30;

    private final Path dir;
    private final LocalCertificates certificates;

    public LocalKafkaSecurity(Path dir, String host) {
        this.dir = dir;
        this.certificates = LocalCertificates.in(dir.resolve("tls"), host);
        PRINCIPALS.forEach(p -> LocalSecrets.readOrCreate(passwordFile(p)));
    }

    public LocalCertificates certificates() {
        return certificates;
    }

    public Path passwordFile(String principal) {
        return dir.resolve("credentials").resolve(principal + ".password");
    }

    /** What the node needs on top of its plain configuration. */
    Map<String, String> brokerProperties(String host, int brokerPort, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("listeners", "SASL_SSL://" + host + ":" + brokerPort + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "SASL_SSL://" + host + ":" + brokerPort);
        p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:SSL");
        p.put("inter.broker.listener.name", "SASL_SSL");
        p.put("sasl.enabled.mechanisms", MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas(ADMIN));
        p.put("listener.name.controller.ssl.client.auth", "required");
        String password = certificates.storePassword();
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", certificates.serverKeyStore().toString());
        p.put("ssl.keystore.password", password);
        p.put("ssl.key.password", password);
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", certificates.trustStore().toString());
        p.put("ssl.truststore.password", password);
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("allow.everyone.if.no.acl.found", "false");
        p.put("super.users", "User:" + ADMIN + ";User:" + LocalCertificates.SERVER_DN);
        return p;
    }

    /** {@code kafka-storage format} arguments that create every principal's SCRAM credentials. */
    List<String> formatArguments() {
        List<String> args = new ArrayList<>();
        for (String principal : PRINCIPALS) {
            args.add("--add-scram");
            args.add(MECHANISM + "=[name=" + principal + ",password=" + password(principal) + "]");
        }
        return args;
    }

    /** Client properties (protocol, SCRAM login, trust store) of {@code principal}. */
    public Map<String, Object> clientProperties(String principal) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        p.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
        p.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(principal));
        p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, certificates.trustStore().toString());
        p.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, certificates.storePassword());
        return p;
    }

    /** The pipeline's settings for running as {@code principal} (secrets by file, never inline). */
    public Map<String, String> pipelineSettings(String principal) {
        return Map.of(Setting.KAFKA_SECURITY_PROTOCOL, "SASL_SSL",
                Setting.KAFKA_SASL_MECHANISM, MECHANISM,
                Setting.KAFKA_SASL_USERNAME, principal,
                Setting.KAFKA_SASL_PASSWORD_FILE, passwordFile(principal).toString(),
                Setting.KAFKA_SSL_TRUSTSTORE_LOCATION, certificates.trustStore().toString(),
                Setting.KAFKA_SSL_TRUSTSTORE_TYPE, "PKCS12",
                Setting.KAFKA_SSL_TRUSTSTORE_PASSWORD_FILE, certificates.storePasswordFile().toString());
    }

    /** The pipeline's settings for trusting the S3 server's certificate (HTTPS with the generated CA). */
    public Map<String, String> s3Settings() {
        return Map.of(Setting.S3_SSL_TRUSTSTORE_LOCATION, certificates.trustStore().toString(),
                Setting.S3_SSL_TRUSTSTORE_TYPE, "PKCS12",
                Setting.S3_SSL_TRUSTSTORE_PASSWORD_FILE, certificates.storePasswordFile().toString());
    }

    /** Grants each role's principal exactly its ACLs from the table (docs/security.md) for these names. */
    public void grant(Admin admin, KafkaRoleAcls names) {
        List<AclBinding> acls = new ArrayList<>();
        acls.addAll(names.batcher(BATCHER));
        acls.addAll(names.loader(LOADER));
        acls.addAll(names.batcher(PIPELINE));
        acls.addAll(names.loader(PIPELINE));
        acls.addAll(names.app(APP));
        acls.addAll(names.operator(OPERATOR));
        create(admin, acls);
    }

    static void create(Admin admin, Collection<AclBinding> acls) {
        try {
            admin.createAcls(acls).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the Kafka ACLs: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating the Kafka ACLs", e);
        }
    }

    /** The administrator's client properties, for {@link EmbeddedKafka}'s own admin client. */
    Properties adminProperties() {
        Properties p = new Properties();
        p.putAll(clientProperties(ADMIN));
        return p;
    }

    private String password(String principal) {
        return LocalSecrets.read(passwordFile(principal));
    }

    private String jaas(String principal) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + principal
                + "\" password=\"" + password(principal) + "\";";
    }
}
