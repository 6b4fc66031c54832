package routes.contract;

/** Header and exchange-property names the routes and beans share: one place, no scattered literals. */
public final class PipelineHeaders {

    /** accepted | dropped | rejected: the admission verdict of one event. */
    public static final String VERDICT = "pipelineVerdict";
    /** The validated event key: the batcher's correlation key. */
    public static final String EVENT_KEY = "pipelineEventKey";
    /** The warehouse table of a notification: the loader's correlation key. */
    public static final String TABLE = "pipelineTable";

    public static final String DLQ_REASON = "dlq.reason";
    public static final String DLQ_SOURCE_TOPIC = "dlq.source.topic";
    public static final String DLQ_SOURCE_PARTITION = "dlq.source.partition";
    public static final String DLQ_SOURCE_OFFSET = "dlq.source.offset";
    public static final String DLQ_STAGE = "dlq.stage";
    /** On a message republished by {@code dlq redrive}: {@code <dlq partition>:<offset>} of the dead letter. */
    public static final String DLQ_REDRIVEN_FROM = "dlq.redriven.from";

    /** Exchange properties: the Kafka coordinates of the consumed record (headers are rewritten on the way). */
    public static final String SOURCE_TOPIC = "pipelineSourceTopic";
    public static final String SOURCE_PARTITION = "pipelineSourcePartition";
    public static final String SOURCE_OFFSET = "pipelineSourceOffset";

    /** Exchange property: the spooled gzip object of a batch. */
    public static final String SPOOLED = "pipelineSpooled";

    public static final String ACCEPTED = "accepted";
    public static final String DROPPED = "dropped";
    public static final String REJECTED = "rejected";

    private PipelineHeaders() {
    }
}
