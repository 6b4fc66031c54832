package routes.local;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where and how {@link LocalServices} runs Kafka, the S3 server and PostgreSQL. The caller fills it
 * from its configuration; secrets are left out of {@link #toString()}.
 *
 * @param host           address every service binds, e.g. {@code 127.0.0.1}
 * @param kafkaPort      Kafka PLAINTEXT listener
 * @param controllerPort Kafka KRaft controller listener
 * @param s3Port         S3 server HTTP port
 * @param postgresPort   PostgreSQL port
 * @param dataDir        state of all three: {@code kafka/}, {@code s3/}, {@code postgres/} below it
 * @param bucket         bucket created on start
 * @param s3AccessKey    the S3 server's access key
 * @param s3SecretKey    its secret
 * @param dbUser         warehouse role, created when absent
 * @param dbPassword     its password
 * @param dbName         warehouse database, created when absent
 * @param topics         topics to create with their partition counts (existing ones are kept)
 */
public record LocalServicesSettings(
        String host,
        int kafkaPort,
        int controllerPort,
        int s3Port,
        int postgresPort,
        Path dataDir,
        String bucket,
        String s3AccessKey,
        String s3SecretKey,
        String dbUser,
        String dbPassword,
        String dbName,
        Map<String, Integer> topics) {

    public LocalServicesSettings {
        topics = Map.copyOf(topics);
    }

    public Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    public Path s3Dir() {
        return dataDir.resolve("s3");
    }

    public Path postgresDir() {
        return dataDir.resolve("postgres");
    }

    @Override
    public String toString() {
        return "LocalServicesSettings[host=" + host + ", kafkaPort=" + kafkaPort + ", controllerPort="
                + controllerPort + ", s3Port=" + s3Port + ", postgresPort=" + postgresPort + ", dataDir=" + dataDir
                + ", bucket=" + bucket + ", s3AccessKey=" + s3AccessKey + ", dbUser=" + dbUser + ", dbName=" + dbName
                + ", topics=" + topics + "]";
    }
}
