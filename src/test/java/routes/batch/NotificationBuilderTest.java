package routes.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import routes.contract.BatchNotification;
import routes.contract.ExchangeProperties;
import routes.contract.FieldType;
import routes.offsets.OffsetWatermarks;

/** The notification of a written batch: version 3 carries the batch's fields, sorted, and what the bounds cut. */
class NotificationBuilderTest {

    private final NotificationBuilder builder = new NotificationBuilder("bucket",
            Clock.fixed(Instant.parse("2026-12-07T16:00:00Z"), ZoneOffset.UTC));

    @Test
    void anObservedBatchsNotificationCarriesItsFieldsSortedByPathThenTypeAndTheCut() throws Exception {
        EventBatch batch = new EventBatch("a.b", new BatchLimits(10, 1 << 20), new OffsetWatermarks("g"),
                new FieldObservationLimits(2, 8, 512));
        batch.add(event(BatchFieldsTest.event("z", FieldType.STRING, "amount", FieldType.INTEGER, "a.b.c", FieldType.NULL)),
                "events", 0, 1, -1);
        batch.add(event(BatchFieldsTest.event("amount", FieldType.DECIMAL, "z", FieldType.STRING)), "events", 0, 2, -1);

        BatchNotification notification = notificationOf(batch);
        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(notification));

        // bound 2: amount:decimal, amount:integer, z:string and a.b.c:null compete; one name first, then by path
        assertThat(json.get("fields").toString()).isEqualTo("[{\"path\":\"amount\",\"type\":\"decimal\",\"events\":1},"
                + "{\"path\":\"amount\",\"type\":\"integer\",\"events\":1}]");
        assertThat(json.get("fields_cut").asLong()).isEqualTo(3);
    }

    @Test
    void aBatchNotObservedGivesTheVersion2MessageWithoutFields() throws Exception {
        EventBatch batch = new EventBatch("a.b", new BatchLimits(10, 1 << 20), new OffsetWatermarks("g"));
        batch.add(event(EventFields.NONE), "events", 0, 1, -1);

        String json = new ObjectMapper().writeValueAsString(notificationOf(batch));

        assertThat(json).doesNotContain("fields");
    }

    private BatchNotification notificationOf(EventBatch batch) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(ExchangeProperties.SPOOLED, new SpooledBatch(batch, "batch-1", "public.events",
                "events/event_key=a.b/x.ndjson.gz", Path.of("x"), 10, "00", 0));
        builder.toNotification(exchange);
        return exchange.getMessage().getBody(BatchNotification.class);
    }

    private static AdmissionVerdict.Accepted event(EventFields fields) {
        return new AdmissionVerdict.Accepted("a.b", "id", Instant.parse("2026-12-07T10:00:00Z"),
                "{}".getBytes(StandardCharsets.UTF_8), false, fields);
    }
}
