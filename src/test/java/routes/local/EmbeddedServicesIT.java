package routes.local;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import routes.testing.EmbeddedServices;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(EmbeddedServices.class)
class EmbeddedServicesIT {

    private static final int MIB = 1024 * 1024;

    @Test
    void recordProducedToNewSixPartitionTopicIsConsumedBack() {
        String topic = "it-" + UUID.randomUUID();
        EmbeddedServices.createTopic(topic, 6);

        EmbeddedServices.produce(topic, List.of("{\"event_key\":\"a.b\"}".getBytes(StandardCharsets.UTF_8)));

        List<ConsumerRecord<byte[], byte[]>> records = EmbeddedServices.consumeAll(topic, Duration.ofSeconds(30));
        assertThat(records).hasSize(1);
        assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"event_key\":\"a.b\"}");
        assertThat(EmbeddedServices.endOffsets(topic)).hasSize(6);
        assertThat(EmbeddedServices.endOffsets(topic).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1);
    }

    @Test
    void gzipObjectWithPartitionStyleKeyIsReadBackWithItsMetadata() throws Exception {
        String prefix = "events/event_key=payroll.run.completed/dt=2026-11-24/hour=10/" + UUID.randomUUID();
        String key = prefix + "/x.ndjson.gz";
        byte[] gzip = gzip(List.of("{\"n\":1}", "{\"n\":2}"));
        S3Client s3 = EmbeddedServices.s3Client();

        s3.putObject(b -> b.bucket(EmbeddedServices.bucket()).key(key).contentType("application/x-ndjson")
                .contentEncoding("gzip").metadata(Map.of("record-count", "2")), RequestBody.fromBytes(gzip));

        assertThat(EmbeddedServices.listObjects(prefix)).containsExactly(key);
        assertThat(EmbeddedServices.readObject(key)).isEqualTo(gzip);
        assertThat(EmbeddedServices.readGzipLines(key)).containsExactly("{\"n\":1}", "{\"n\":2}");
        HeadObjectResponse head = s3.headObject(b -> b.bucket(EmbeddedServices.bucket()).key(key));
        assertThat(head.contentLength()).isEqualTo(gzip.length);
        assertThat(head.metadata()).containsEntry("record-count", "2");
    }

    @Test
    void objectOfSeveralMebibytesIsReadBackByteIdentical() {
        String key = "it/" + UUID.randomUUID() + "/a=b/large.bin";
        byte[] content = randomBytes(3 * MIB + 17);

        EmbeddedServices.s3Client().putObject(b -> b.bucket(EmbeddedServices.bucket()).key(key), RequestBody.fromBytes(content));

        assertThat(EmbeddedServices.readObject(key)).isEqualTo(content);
    }

    @Test
    void clientBuiltWithSdkDefaultsCanUploadAsCamelsClientWill() {
        String key = "it/" + UUID.randomUUID() + "/defaults.txt";
        byte[] content = "built like camel-aws2-s3 builds its client".getBytes(StandardCharsets.UTF_8);
        try (S3Client defaults = S3Client.builder()
                .endpointOverride(URI.create(EmbeddedServices.s3Endpoint()))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        EmbeddedServices.s3AccessKey(), EmbeddedServices.s3SecretKey())))
                .build()) {

            defaults.putObject(b -> b.bucket(EmbeddedServices.bucket()).key(key), RequestBody.fromBytes(content));

            assertThat(defaults.getObjectAsBytes(b -> b.bucket(EmbeddedServices.bucket()).key(key)).asByteArray())
                    .isEqualTo(content);
        }
    }

    @Test
    void multipartUploadOfTwelveMebibytesIsReadBackByteIdentical() {
        String bucket = EmbeddedServices.bucket();
        String key = "it/" + UUID.randomUUID() + "/multipart.bin";
        byte[] content = randomBytes(12 * MIB);
        int partSize = 5 * MIB;
        S3Client s3 = EmbeddedServices.s3Client();

        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        for (int offset = 0, number = 1; offset < content.length; offset += partSize, number++) {
            byte[] part = Arrays.copyOfRange(content, offset, Math.min(offset + partSize, content.length));
            int partNumber = number;
            String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber),
                    RequestBody.fromBytes(part)).eTag();
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
        }
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)));

        assertThat(parts).hasSize(3);
        assertThat(EmbeddedServices.readObject(key)).isEqualTo(content);
    }

    @Test
    void uploadWhoseClientDiesMidBodyLeavesNoObjectAndTheListingStillAnswers() {
        String prefix = "it/" + UUID.randomUUID() + "/";
        String key = prefix + "cut-short.ndjson.gz";
        int promised = 4 * MIB;
        RequestBody diesAfterOneMebibyte = RequestBody.fromContentProvider(() -> new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ >= MIB) {
                    throw new IOException("the uploading process was killed");
                }
                return 'x';
            }
        }, promised, "application/octet-stream");

        assertThatThrownBy(() -> EmbeddedServices.s3Client().putObject(b -> b.bucket(EmbeddedServices.bucket()).key(key),
                diesAfterOneMebibyte)).hasStackTraceContaining("the uploading process was killed");

        assertThat(EmbeddedServices.listObjects(prefix)).as("objects after an upload that never finished").isEmpty();
        String next = prefix + "next.ndjson.gz";
        EmbeddedServices.s3Client().putObject(b -> b.bucket(EmbeddedServices.bucket()).key(next), RequestBody.fromBytes(new byte[] {1}));
        assertThat(EmbeddedServices.listObjects(prefix)).containsExactly(next);
    }

    @Test
    void postgresAnswersAndKeepsATable() throws Exception {
        try (Connection c = EmbeddedServices.dataSource().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            s.execute("create table it_smoke (id int primary key, payload jsonb)");
            s.execute("insert into it_smoke values (1, '{\"a\":1}')");
            try (ResultSet rs = s.executeQuery("select payload->>'a' from it_smoke where id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("1");
            }
        }
    }

    @Test
    void postgresStoppedAndStartedAgainIsReachableWithItsData() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create table it_outage (id int primary key)");
            s.execute("insert into it_outage values (42)");
        }

        EmbeddedServices.stopPostgres();
        assertThatThrownBy(EmbeddedServicesIT::connect).isInstanceOf(java.sql.SQLException.class);
        EmbeddedServices.startPostgres();

        try (Connection c = EmbeddedServices.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id from it_outage")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }

    private static Connection connect() throws java.sql.SQLException {
        return DriverManager.getConnection(EmbeddedServices.jdbcUrl(), EmbeddedServices.dbUser(), EmbeddedServices.dbPassword());
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static byte[] gzip(List<String> lines) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
