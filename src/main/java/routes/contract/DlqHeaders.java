package routes.contract;

/** The reason headers of a dead letter on {@code events-dlq} (CONTRACT.md): operators script against them. */
public final class DlqHeaders {

    public static final String REASON = "dlq.reason";
    public static final String SOURCE_TOPIC = "dlq.source.topic";
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    public static final String SOURCE_OFFSET = "dlq.source.offset";
    public static final String STAGE = "dlq.stage";
    /** On a message republished by {@code dlq redrive}: {@code <dlq partition>:<offset>} of the dead letter. */
    public static final String REDRIVEN_FROM = "dlq.redriven.from";
    /**
     * On a dead letter whose original was too large for the DLQ (routes.deadletter.DeadLetterSpill): the body is
     * empty and the original is the object at this key in {@code pipeline.s3.bucket} (layout {@link DeadLetterObjects}).
     */
    public static final String ORIGINAL_S3_KEY = "dlq.original.s3-key";
    /** With {@link #ORIGINAL_S3_KEY}: the original's length in bytes. */
    public static final String ORIGINAL_BYTES = "dlq.original.bytes";
    /** With {@link #ORIGINAL_S3_KEY}: the original's SHA-256, lower-case hex. */
    public static final String ORIGINAL_SHA256 = "dlq.original.sha256";

    private DlqHeaders() {
    }
}
