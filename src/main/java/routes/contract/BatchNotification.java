package routes.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The message on topic B ({@code event-batches}): one per S3 object written by the batcher.
 * Field names are the outside contract (snake_case, see CONTRACT.md).
 * <p>
 * {@code min_arrived_at}/{@code max_arrived_at} (version 2 of the message, optional) bound the Kafka timestamps of
 * the batch's records in topic A, ISO-8601 UTC: the start of the pipeline's own latency. A notification without
 * them (an older batcher's, {@code replay}'s, the preflight canary's) is loaded as before and not measured; they
 * are left out of the JSON rather than written as null, so older loaders read the same message they always did.
 * <p>
 * {@code fields} and {@code fields_cut} (version 3, optional likewise) are the batch's observed leaf paths and types
 * ({@link ObservedField}) and how many path observations the batcher's bounds cut. A notification without them
 * loads as before and adds nothing to the field history.
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
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("min_arrived_at") @JsonInclude(JsonInclude.Include.NON_NULL) String minArrivedAt,
        @JsonProperty("max_arrived_at") @JsonInclude(JsonInclude.Include.NON_NULL) String maxArrivedAt,
        @JsonProperty("fields") @JsonInclude(JsonInclude.Include.NON_NULL) List<ObservedField> fields,
        @JsonProperty("fields_cut") @JsonInclude(JsonInclude.Include.NON_NULL) Long fieldsCut) {

    /** A notification without field observations (version 2). */
    public BatchNotification(String batchId, String eventKey, String table, String bucket, String key, long recordCount,
                             long bytes, String sha256, String minOccurredAt, String maxOccurredAt, List<Source> sources,
                             String createdAt, String minArrivedAt, String maxArrivedAt) {
        this(batchId, eventKey, table, bucket, key, recordCount, bytes, sha256, minOccurredAt, maxOccurredAt, sources,
                createdAt, minArrivedAt, maxArrivedAt, null, null);
    }

    /** A notification without arrival times (version 1): loaded, not measured for the pipeline's latency. */
    public BatchNotification(String batchId, String eventKey, String table, String bucket, String key, long recordCount,
                             long bytes, String sha256, String minOccurredAt, String maxOccurredAt, List<Source> sources,
                             String createdAt) {
        this(batchId, eventKey, table, bucket, key, recordCount, bytes, sha256, minOccurredAt, maxOccurredAt, sources,
                createdAt, null, null);
    }

    /** A contiguous offset range of one partition whose events (of this key) are in the object. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Source(
            @JsonProperty("topic") String topic,
            @JsonProperty("partition") int partition,
            @JsonProperty("first_offset") long firstOffset,
            @JsonProperty("last_offset") long lastOffset) {
    }
}
