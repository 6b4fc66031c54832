package routes.local;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.reference.FilesystemConstants;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * An S3-compatible server inside this JVM: S3Proxy in front of its {@code filesystem-nio2} blob store,
 * so every bucket is a directory under the base directory and objects survive a restart. (jclouds' own
 * {@code filesystem} store lists every intermediate directory as an empty object {@code events/…/}, which
 * real S3 never does; the NIO.2 store lists only objects.) Uploads reach the store only once their body
 * has arrived whole ({@link WholeUploadBlobStore}). Requests are
 * signed (AWS signature V2 or V4) with one fixed key pair; clients use path-style addressing.
 */
public final class EmbeddedS3 implements AutoCloseable {

    /** AWS SDK v2 system properties (see {@link #useCompatibleSdkChecksumDefaults()}). */
    public static final String REQUEST_CHECKSUM_PROPERTY = "aws.requestChecksumCalculation";
    public static final String RESPONSE_CHECKSUM_PROPERTY = "aws.responseChecksumValidation";

    private final String host;
    private final int port;
    private final Path baseDir;
    private final String bucket;
    private final String accessKey;
    private final String secretKey;
    private BlobStoreContext context;
    private final LocalCertificates tls;
    private S3Proxy proxy;

    /**
     * @param host      address to bind, e.g. {@code 127.0.0.1}
     * @param port      HTTP port
     * @param baseDir   directory holding one subdirectory per bucket; created if absent
     * @param bucket    bucket created on start if it does not exist
     * @param accessKey the only access key accepted
     * @param secretKey its secret (never logged)
     */
    public EmbeddedS3(String host, int port, Path baseDir, String bucket, String accessKey, String secretKey) {
        this(host, port, baseDir, bucket, accessKey, secretKey, null);
    }

    /** With {@code tls} (not null) the server speaks HTTPS only, with that server certificate. */
    public EmbeddedS3(String host, int port, Path baseDir, String bucket, String accessKey, String secretKey,
                      LocalCertificates tls) {
        this.tls = tls;
        this.host = host;
        this.port = port;
        this.baseDir = baseDir;
        this.bucket = bucket;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Starts the server and creates the bucket; returns when the server accepts requests. */
    public synchronized void start() throws Exception {
        if (proxy != null) {
            throw new IllegalStateException("S3 server is already running on " + endpoint());
        }
        context = openBlobStore();
        BlobStore blobStore = new WholeUploadBlobStore(context.getBlobStore());
        blobStore.createContainerInLocation(null, bucket); // false (and no change) when it exists
        S3Proxy.Builder builder = S3Proxy.builder().blobStore(blobStore);
        if (tls == null) {
            builder.endpoint(URI.create(endpoint()));
        } else {
            builder.secureEndpoint(URI.create(endpoint())).keyStore(tls.serverKeyStore().toString(), tls.storePassword());
        }
        S3Proxy started = builder
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        try {
            started.start(); // Jetty's start() returns once the connector listens
        } catch (Exception e) {
            started.stop();
            context.close();
            context = null;
            throw e;
        }
        proxy = started;
    }

    /**
     * Makes every AWS SDK v2 client built afterwards in this JVM compatible with S3Proxy 2.6, unless
     * the operator chose otherwise. Since SDK 2.30 clients add a CRC32 trailer to every upload
     * ({@code x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER}), which S3Proxy 2.6 rejects as a
     * payload hash mismatch; camel-aws2-s3 has no option for it, so the SDK's JVM-wide defaults are set
     * to compute and validate checksums only where an operation requires them. Another JVM that talks
     * to this server needs {@code AWS_REQUEST_CHECKSUM_CALCULATION=when_required} and
     * {@code AWS_RESPONSE_CHECKSUM_VALIDATION=when_required}.
     */
    public static void useCompatibleSdkChecksumDefaults() {
        setUnlessConfigured(REQUEST_CHECKSUM_PROPERTY, "AWS_REQUEST_CHECKSUM_CALCULATION");
        setUnlessConfigured(RESPONSE_CHECKSUM_PROPERTY, "AWS_RESPONSE_CHECKSUM_VALIDATION");
    }

    private static void setUnlessConfigured(String systemProperty, String environmentVariable) {
        if (System.getProperty(systemProperty) == null && System.getenv(environmentVariable) == null) {
            System.setProperty(systemProperty, "when_required");
        }
    }

    /** The URL clients pass as endpoint override, e.g. {@code http://127.0.0.1:9000} ({@code https} with TLS). */
    public String endpoint() {
        return (tls == null ? "http://" : "https://") + host + ":" + port;
    }

    /** Stops the server. Does nothing when it is not running. */
    @Override
    public synchronized void close() throws Exception {
        try {
            if (proxy != null) {
                proxy.stop();
            }
        } finally {
            proxy = null;
            if (context != null) {
                context.close();
                context = null;
            }
        }
    }

    private BlobStoreContext openBlobStore() {
        try {
            Files.createDirectories(baseDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create S3 base directory " + baseDir, e);
        }
        Properties overrides = new Properties();
        overrides.setProperty(FilesystemConstants.PROPERTY_BASEDIR, baseDir.toAbsolutePath().toString());
        return ContextBuilder.newBuilder("filesystem-nio2")
                .credentials("embedded", "unused") // the provider insists on credentials; S3Proxy authenticates
                .overrides(overrides)
                .buildView(BlobStoreContext.class);
    }
}
