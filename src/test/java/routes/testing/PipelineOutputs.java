package routes.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import routes.contract.BatchNotification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads what the pipeline produced back from the real systems: S3 objects, topic-B notifications. */
public final class PipelineOutputs {

    public static final ObjectMapper JSON = new ObjectMapper();

    private PipelineOutputs() {
    }

    /** Every batch object under the prefix: key → parsed NDJSON lines. */
    public static Map<String, List<JsonNode>> objects(String prefix) {
        Map<String, List<JsonNode>> objects = new TreeMap<>();
        for (String key : EmbeddedServices.listObjects(prefix)) {
            if (!key.endsWith(".ndjson.gz")) {
                continue;
            }
            List<JsonNode> lines = new ArrayList<>();
            for (String line : EmbeddedServices.readGzipLines(key)) {
                lines.add(parse(line));
            }
            objects.put(key, lines);
        }
        return objects;
    }

    /** Every event id in the objects under the prefix, with repetition. */
    public static List<String> eventIds(String prefix) {
        List<String> ids = new ArrayList<>();
        objects(prefix).values().forEach(lines -> lines.forEach(l -> ids.add(l.get("event_id").asText())));
        return ids;
    }

    public static List<BatchNotification> notifications(String topic) {
        List<BatchNotification> notifications = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : EmbeddedServices.consumeAll(topic, Duration.ofSeconds(3))) {
            try {
                notifications.add(JSON.readValue(record.value(), BatchNotification.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return notifications;
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
