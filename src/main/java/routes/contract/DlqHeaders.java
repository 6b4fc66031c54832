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

    private DlqHeaders() {
    }
}
