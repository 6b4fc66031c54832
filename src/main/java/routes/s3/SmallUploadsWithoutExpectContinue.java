package routes.s3;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

import java.util.Optional;

/**
 * Drops {@code Expect: 100-continue} from PutObject and UploadPart requests whose body is smaller than
 * {@link #THRESHOLD_BYTES}. The S3 client adds the header to every non-empty upload (SDK 2.41 has no setting
 * for it), so each small batch object waits one extra round trip for the server's "100 Continue" before its
 * body is sent. For bodies this small the handshake saves nothing worth the wait: a rejected request costs
 * at most the threshold in wasted bytes. Newer SDKs skip the header below 1 MiB by default (aws-sdk-java-v2
 * #6864); this is the same rule for the SDK pinned here. Larger uploads (multipart parts) keep it.
 *
 * <p>Registered as a client override interceptor, it runs after the S3 module's own interceptors.
 */
final class SmallUploadsWithoutExpectContinue implements ExecutionInterceptor {

    static final long THRESHOLD_BYTES = 1024 * 1024;

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        SdkHttpRequest request = context.httpRequest();
        boolean upload = context.request() instanceof PutObjectRequest || context.request() instanceof UploadPartRequest;
        if (!upload || request.firstMatchingHeader("Expect").isEmpty()) {
            return request;
        }
        Optional<Long> length = contentLength(context, request);
        if (length.isEmpty() || length.get() >= THRESHOLD_BYTES) {
            return request;
        }
        return request.toBuilder().removeHeader("Expect").build();
    }

    /** The body's length: the decoded length for aws-chunked bodies, else Content-Length, else the body's own. */
    private static Optional<Long> contentLength(Context.ModifyHttpRequest context, SdkHttpRequest request) {
        Optional<String> header = request.firstMatchingHeader("x-amz-decoded-content-length")
                .or(() -> request.firstMatchingHeader("Content-Length"));
        if (header.isPresent()) {
            try {
                return Optional.of(Long.parseLong(header.get().trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return context.requestBody().flatMap(body -> body.optionalContentLength());
    }
}
