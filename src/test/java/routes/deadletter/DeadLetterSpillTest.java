package routes.deadletter;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import routes.config.S3Settings;
import routes.contract.DeadLetterObjects;
import routes.contract.DeadLetters;
import routes.contract.DlqHeaders;
import routes.contract.ObjectKeyLayout;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/** The decision "whole or by reference" and what a dead letter by reference carries; S3 is a recording fake. */
class DeadLetterSpillTest {

    private static final int MAX_REQUEST = 64 * 1024;

    private final RecordingS3 s3 = new RecordingS3();

    @Test
    void aDeadLetterWithinTheProducersLimitIsSentWhole() {
        Exchange exchange = deadLetter(new byte[1000]);

        spill(false).process(exchange);

        assertThat(exchange.getMessage().getBody(byte[].class)).hasSize(1000);
        assertThat(exchange.getMessage().getHeader(DlqHeaders.ORIGINAL_S3_KEY)).isNull();
        assertThat(s3.puts).isEmpty();
    }

    @Test
    void aDeadLetterOverTheProducersMaxRequestSizeGoesToS3AndCarriesItsReferenceSizeAndSha256() {
        byte[] original = new byte[MAX_REQUEST + 1];
        original[7] = 42;
        Exchange exchange = deadLetter(original);

        spill(false).process(exchange);

        Message m = exchange.getMessage();
        assertThat(m.getBody(byte[].class)).isEmpty();
        assertThat(m.getHeader(DlqHeaders.ORIGINAL_S3_KEY)).isEqualTo("dlq/events/2/77");
        assertThat(m.getHeader(DlqHeaders.ORIGINAL_BYTES)).isEqualTo(Integer.toString(original.length));
        assertThat(m.getHeader(DlqHeaders.ORIGINAL_SHA256)).isEqualTo(DeadLetterObjects.sha256Hex(original));
        assertThat(m.getHeader(DlqHeaders.REASON)).isEqualTo("too_large: test");
        assertThat(m.getHeader(KafkaConstants.KEY)).isEqualTo(new byte[] {1, 2});
        assertThat(s3.puts).singleElement().satisfies(put -> {
            assertThat(put.bucket()).isEqualTo("bucket");
            assertThat(put.key()).isEqualTo("dlq/events/2/77");
            assertThat(put.serverSideEncryption()).isNull();
        });
        assertThat(s3.bodies).containsExactly(original);
    }

    @Test
    void theOriginalIsEncryptedAsBatchObjectsAreWithSseKms() {
        spill(true).process(deadLetter(new byte[MAX_REQUEST + 1]));

        assertThat(s3.puts).singleElement().satisfies(put -> {
            assertThat(put.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
            assertThat(put.ssekmsKeyId()).isEqualTo("alias/events");
        });
    }

    @Test
    void aRecordTheBrokerRefusedAsTooLargeIsRetriedByReferenceThoughItFitsTheProducersLimit() throws Exception {
        Exchange exchange = deadLetter(new byte[1000]);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new ExecutionException(new RecordTooLargeException("max.message.bytes")));

        spill(false).afterRefusal().process(exchange);

        assertThat(exchange.getMessage().getBody(byte[].class)).isEmpty();
        assertThat(exchange.getMessage().getHeader(DlqHeaders.ORIGINAL_S3_KEY)).isEqualTo("dlq/events/2/77");
    }

    @Test
    void anyOtherFailureIsRetriedWhole() throws Exception {
        Exchange exchange = deadLetter(new byte[1000]);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new ExecutionException(new TimeoutException("broker away")));

        spill(false).afterRefusal().process(exchange);

        assertThat(exchange.getMessage().getBody(byte[].class)).hasSize(1000);
        assertThat(s3.puts).isEmpty();
    }

    @Test
    void aDeadLetterAlreadyByReferenceIsNotWrittenAgainOnTheNextRedelivery() throws Exception {
        Exchange exchange = deadLetter(new byte[MAX_REQUEST + 1]);
        DeadLetterSpill spill = spill(false);
        spill.process(exchange);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new RecordTooLargeException("again"));

        spill.afterRefusal().process(exchange);
        spill.process(exchange);

        assertThat(s3.puts).hasSize(1);
    }

    @Test
    void anS3FailureAfterARefusalLeavesTheRecordWholeForTheNextPacedRedeliveryInsteadOfThrowing() throws Exception {
        s3.failing = true;
        Exchange exchange = deadLetter(new byte[1000]);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new RecordTooLargeException("max.message.bytes"));

        spill(false).afterRefusal().process(exchange);

        assertThat(exchange.getMessage().getBody(byte[].class)).hasSize(1000);
        assertThat(exchange.getMessage().getHeader(DlqHeaders.ORIGINAL_S3_KEY)).isNull();
    }

    private DeadLetterSpill spill(boolean sseKms) {
        S3Settings settings = new S3Settings("bucket", "", "us-east-1", new ObjectKeyLayout("events/"), true, "", "",
                sseKms, sseKms ? "alias/events" : "", 5L * 1024 * 1024, "", "PKCS12", "");
        return new DeadLetterSpill(new DeadLetterSize(MAX_REQUEST), s3, settings);
    }

    private static Exchange deadLetter(byte[] body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(body);
        exchange.getMessage().setHeader(KafkaConstants.KEY, new byte[] {1, 2});
        DeadLetters.mark(exchange.getMessage(), "batcher", "too_large: test", "events", 2, 77);
        return exchange;
    }

    /** Records PutObject calls; every other S3 call is unsupported (the SDK interface's defaults). */
    private static final class RecordingS3 implements S3Client {
        final List<PutObjectRequest> puts = new ArrayList<>();
        final List<byte[]> bodies = new ArrayList<>();
        boolean failing;

        @Override
        public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
            if (failing) {
                throw SdkClientException.create("S3 away");
            }
            puts.add(request);
            try (var in = body.contentStreamProvider().newStream()) {
                bodies.add(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return PutObjectResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {
        }
    }
}
