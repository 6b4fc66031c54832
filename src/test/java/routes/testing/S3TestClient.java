package routes.testing;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** An AWS SDK v2 client for the embedded S3 server (path style, us-east-1) and read helpers for one bucket. */
public final class S3TestClient implements AutoCloseable {

    private final S3Client client;
    private final String bucket;

    public S3TestClient(String endpoint, String accessKey, String secretKey, String bucket) {
        this.client = S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                // S3Proxy 2.6 rejects the SDK's default upload checksum trailer (see EmbeddedS3).
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
        this.bucket = bucket;
    }

    public S3Client client() {
        return client;
    }

    /**
     * Keys under the prefix, in S3's (lexicographic) order, across all pages. S3Proxy's filesystem store
     * fails a listing (HTTP 500) that meets an upload's temporary file before the upload has finished
     * writing it; such a listing is retried, a few times, after a short pause.
     */
    public List<String> listObjects(String prefix) {
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build();
        RuntimeException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                return client.listObjectsV2Paginator(request).contents().stream().map(S3Object::key).toList();
            } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
                last = e;
                pause(50L * (attempt + 1));
            }
        }
        throw last;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a listing", e);
        }
    }

    public byte[] readBytes(String key) {
        return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    /** The object gunzipped and split into UTF-8 lines (an NDJSON batch: one event per line). */
    public List<String> readGzipLines(String key) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(readBytes(key))), StandardCharsets.UTF_8))) {
            return reader.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot gunzip s3://" + bucket + "/" + key, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
