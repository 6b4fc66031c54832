package routes.contract;

/** Exchange-property names the routes and beans share (properties survive the header rewrites on the way). */
public final class ExchangeProperties {

    /** The Kafka coordinates of the consumed record. */
    public static final String SOURCE_TOPIC = "pipelineSourceTopic";
    public static final String SOURCE_PARTITION = "pipelineSourcePartition";
    public static final String SOURCE_OFFSET = "pipelineSourceOffset";

    /** The spooled gzip object of a batch. */
    public static final String SPOOLED = "pipelineSpooled";

    private ExchangeProperties() {
    }
}
