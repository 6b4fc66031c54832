package routes.config;

import routes.contract.ObjectKeyLayout;

/**
 * The S3 settings, typed and checked once: what the S3 client, the batcher, the loader and the operator
 * commands are given instead of the whole settings bag. {@code secretKey} and {@code trustStorePassword} are never part of
 * {@link #toString()}.
 *
 * @param endpoint empty = AWS; otherwise an S3-compatible server
 * @param accessKey empty = the AWS default credentials provider chain
 * @param trustStoreLocation empty = the JVM's trusted roots; otherwise the CA of an S3-compatible server on HTTPS
 */
public record S3Settings(String bucket, String endpoint, String region, ObjectKeyLayout layout, boolean pathStyle,
                         String accessKey, String secretKey, boolean sseKms, String kmsKeyId, long partSizeBytes,
                         String trustStoreLocation, String trustStoreType, String trustStorePassword) {

    public static S3Settings of(PipelineSettings settings) {
        return new S3Settings(settings.get(Setting.S3_BUCKET), settings.get(Setting.S3_ENDPOINT),
                settings.get(Setting.S3_REGION), new ObjectKeyLayout(settings.get(Setting.S3_PREFIX)),
                settings.getBoolean(Setting.S3_PATH_STYLE), settings.get(Setting.S3_ACCESS_KEY),
                settings.secret(Setting.S3_SECRET_KEY), settings.getBoolean(Setting.S3_SSE_KMS),
                settings.get(Setting.S3_KMS_KEY_ID), settings.getLong(Setting.S3_PART_SIZE),
                settings.get(Setting.S3_SSL_TRUSTSTORE_LOCATION), settings.get(Setting.S3_SSL_TRUSTSTORE_TYPE),
                settings.secret(Setting.S3_SSL_TRUSTSTORE_PASSWORD));
    }

    @Override
    public String toString() {
        return "S3Settings[bucket=" + bucket + ", endpoint=" + endpoint + ", region=" + region + ", prefix="
                + layout.prefix() + ", pathStyle=" + pathStyle + ", accessKey=" + (accessKey.isEmpty() ? "(chain)" : accessKey)
                + ", sseKms=" + sseKms + ", kmsKeyId=" + kmsKeyId + ", partSizeBytes=" + partSizeBytes
                + ", trustStore=" + (trustStoreLocation.isEmpty() ? "(JVM roots)" : trustStoreLocation) + "]";
    }
}
