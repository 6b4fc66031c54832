package routes.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The message on topic B ({@code event-batches}): one per S3 object written by the batcher.
 * Field names are the outside contract (snake_case, see CONTRACT.md).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchNotification(
        @JsonProperty("batch_id") String batchId,
        @JsonProperty("event_key") String eventKey,
        @JsonProperty("table") String table,
        @JsonProperty("bucket") String bucket,
        @JsonProperty("key") String key,
        @JsonProperty("record_count") long recordCount,
        @JsonProperty("bytes") long bytes,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("min_occurred_at") String minOccurredAt,
        @JsonProperty("max_occurred_at") String maxOccurredAt,
        @JsonProperty("sources") List<Source> sources,
        @JsonProperty("created_at") String createdAt) {

    /** A contiguous offset range of one partition whose events (of this key) are in the object. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Source(
            @JsonProperty("topic") String topic,
            @JsonProperty("partition") int partition,
            @JsonProperty("first_offset") long firstOffset,
            @JsonProperty("last_offset") long lastOffset) {
    }
}
