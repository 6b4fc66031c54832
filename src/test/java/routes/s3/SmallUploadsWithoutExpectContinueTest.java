package routes.s3;

import routes.config.PipelineSettings;
import routes.config.S3Settings;
import routes.config.Setting;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.InterceptorContext;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

class SmallUploadsWithoutExpectContinueTest {

    private final SmallUploadsWithoutExpectContinue interceptor = new SmallUploadsWithoutExpectContinue();

    @Test
    void aSmallPutIsSentWithoutWaitingForContinue() {
        SdkHttpRequest sent = modify(PutObjectRequest.builder().bucket("b").key("k").build(), 40_000);

        assertThat(sent.firstMatchingHeader("Expect")).isEmpty();
        assertThat(sent.firstMatchingHeader("Content-Length")).contains("40000");
    }

    @Test
    void aLargeUploadPartKeepsTheHandshake() {
        SdkHttpRequest sent = modify(UploadPartRequest.builder().bucket("b").key("k").partNumber(1).uploadId("u").build(),
                SmallUploadsWithoutExpectContinue.THRESHOLD_BYTES);

        assertThat(sent.firstMatchingHeader("Expect")).contains("100-continue");
    }

    @Test
    void theDecodedLengthOfAChunkedBodyDecides() {
        SdkHttpFullRequest chunked = request(5 * 1024 * 1024).toBuilder()
                .putHeader("x-amz-decoded-content-length", "1000").build();

        SdkHttpRequest sent = interceptor.modifyHttpRequest(context(PutObjectRequest.builder().bucket("b").key("k").build(),
                chunked, 1000), new ExecutionAttributes());

        assertThat(sent.firstMatchingHeader("Expect")).isEmpty();
    }

    @Test
    void requestsOtherThanUploadsAreLeftAlone() {
        SdkHttpRequest sent = modify(GetObjectRequest.builder().bucket("b").key("k").build(), 10);

        assertThat(sent.firstMatchingHeader("Expect")).contains("100-continue");
    }

    @Test
    void thePipelinesClientSendsASmallPutWithoutTheHeaderAndALargeOneWithIt() throws Exception {
        Map<String, List<String>> expectByKey = new ConcurrentHashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String key = exchange.getRequestURI().getPath();
            expectByKey.put(key, exchange.getRequestHeaders().getOrDefault("Expect", List.of()));
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("ETag", "\"0\"");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        PipelineSettings settings = PipelineSettings.builder()
                .set(Setting.S3_ENDPOINT, "http://127.0.0.1:" + server.getAddress().getPort())
                .set(Setting.S3_PATH_STYLE, "true")
                .set(Setting.S3_ACCESS_KEY, "test")
                .set(Setting.S3_SECRET_KEY, "test-secret")
                .build();
        try (S3Client s3 = S3Clients.create(S3Settings.of(settings))) {
            s3.putObject(b -> b.bucket("b").key("small"), RequestBody.fromBytes(new byte[40_000]));
            s3.putObject(b -> b.bucket("b").key("large"), RequestBody.fromBytes(new byte[2 * 1024 * 1024]));
        } finally {
            server.stop(0);
        }

        assertThat(expectByKey.get("/b/small")).isEmpty();
        assertThat(expectByKey.get("/b/large")).containsExactly("100-continue");
    }

    private SdkHttpRequest modify(SdkRequest request, long bodyBytes) {
        return interceptor.modifyHttpRequest(context(request, request(bodyBytes), bodyBytes), new ExecutionAttributes());
    }

    private static SdkHttpFullRequest request(long bodyBytes) {
        return SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.PUT)
                .uri(URI.create("http://127.0.0.1:9000/b/k"))
                .putHeader("Content-Length", Long.toString(bodyBytes))
                .putHeader("Expect", "100-continue")
                .build();
    }

    private static InterceptorContext context(SdkRequest request, SdkHttpFullRequest http, long bodyBytes) {
        return InterceptorContext.builder()
                .request(request)
                .httpRequest(http)
                .requestBody(RequestBody.fromBytes(new byte[(int) Math.min(bodyBytes, 16)]))
                .build();
    }
}
