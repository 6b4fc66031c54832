package routes.operate;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The S3 server's "now" comes from its response's Date header; the fake S3 answers with a chosen one. */
class S3ServerClockTest {

    @Test
    void nowIsTheDateTheS3ServerRespondedWithNotThisMachinesClock() {
        S3ServerClock clock = new S3ServerClock(answering("Wed, 01 Mar 2006 12:00:00 GMT"), "bucket", "manifests/");

        assertThat(clock.get()).isEqualTo(Instant.parse("2006-03-01T12:00:00Z"));
    }

    @Test
    void aResponseWithoutADateStopsTheRunInsteadOfFallingBackToThisMachinesClock() {
        S3ServerClock clock = new S3ServerClock(answering(null), "bucket", "manifests/");

        assertThatIllegalStateException().isThrownBy(clock::get).withMessageContaining("Date");
    }

    private static S3Client answering(String date) {
        return new S3Client() {
            @Override
            public ListObjectsV2Response listObjectsV2(ListObjectsV2Request request) {
                SdkHttpResponse.Builder http = SdkHttpResponse.builder().statusCode(200);
                if (date != null) {
                    http.putHeader("Date", date);
                }
                return (ListObjectsV2Response) ListObjectsV2Response.builder().sdkHttpResponse(http.build()).build();
            }

            @Override
            public String serviceName() {
                return "s3";
            }

            @Override
            public void close() {
            }
        };
    }
}
