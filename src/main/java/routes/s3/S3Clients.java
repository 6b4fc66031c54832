package routes.s3;

import routes.config.S3Settings;
import routes.config.Setting;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;

/** The one S3 client of the process, shared by the batcher's producer endpoint and the loader's reads. */
public final class S3Clients {

    private S3Clients() {
    }

    public static S3Client create(S3Settings settings) {
        var builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(32).connectionTimeout(Duration.ofSeconds(5))
                        // the HTTP client would otherwise add Expect: 100-continue to every request with a body;
                        // the S3 client still adds it to uploads, and only large ones keep it (below)
                        .expectContinueEnabled(false)
                        .tlsTrustManagersProvider(trustManagers(settings)))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .addExecutionInterceptor(new SmallUploadsWithoutExpectContinue())
                        .apiCallTimeout(Duration.ofMinutes(5))
                        .build())
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(settings.pathStyle())
                        .build());
        String endpoint = settings.endpoint();
        if (!endpoint.isEmpty()) {
            // S3-compatible servers (S3Proxy among them) reject the SDK's default streaming checksum
            // trailers; checksums are then sent only where the API requires them.
            builder.endpointOverride(URI.create(endpoint))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    /**
     * The configured trust store, or null: the JVM's roots. A private CA is trusted by configuration, never by
     * turning certificate or host name checks off.
     */
    static TlsTrustManagersProvider trustManagers(S3Settings settings) {
        String location = settings.trustStoreLocation();
        if (location.isEmpty()) {
            return null;
        }
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore store = KeyStore.getInstance(settings.trustStoreType());
            String password = settings.trustStorePassword();
            store.load(in, password.isEmpty() ? null : password.toCharArray());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            TrustManager[] managers = factory.getTrustManagers();
            return () -> managers;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read " + Setting.S3_SSL_TRUSTSTORE_LOCATION + " " + location + ": " + e.getMessage(), e);
        }
    }

    private static AwsCredentialsProvider credentials(S3Settings settings) {
        String accessKey = settings.accessKey();
        if (accessKey.isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, settings.secretKey()));
    }
}
