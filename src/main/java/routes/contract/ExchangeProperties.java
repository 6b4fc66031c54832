package routes.contract;

/**
 * Exchange-property names the routes and beans share (properties survive the header rewrites on the way): every
 * property the pipeline sets on an exchange is named here, once.
 */
public final class ExchangeProperties {

    /** The Kafka coordinates of the consumed record. */
    public static final String SOURCE_TOPIC = "pipelineSourceTopic";
    public static final String SOURCE_PARTITION = "pipelineSourcePartition";
    public static final String SOURCE_OFFSET = "pipelineSourceOffset";

    /** The spooled gzip object of a batch. */
    public static final String SPOOLED = "pipelineSpooled";

    /** The consumed notification's bytes as received, for a dead letter of it. */
    public static final String ORIGINAL = "pipelineOriginal";

    /** The load cycle the aggregator completed. */
    public static final String LOAD_CYCLE = "pipelineLoadCycle";

    /** The cycle's plan: which parts to load, which to isolate. */
    public static final String LOAD_PLAN = "pipelineLoadPlan";

    /** One attempt of the load transaction: what its statements did. */
    public static final String LOAD_ATTEMPT = "pipelineLoadAttempt";

    /** The cycle's load report, once the cycle is finished. */
    public static final String LOAD_REPORT = "pipelineLoadReport";

    private ExchangeProperties() {
    }
}
