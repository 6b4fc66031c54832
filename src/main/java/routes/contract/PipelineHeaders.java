package routes.contract;

/**
 * Message header names and values the routes and beans share (the batcher's verdict and correlation keys):
 * one place, no scattered literals. Exchange properties: {@link ExchangeProperties}; dead letters: {@link DlqHeaders}.
 */
public final class PipelineHeaders {

    /** accepted | dropped | rejected: the admission verdict of one event. */
    public static final String VERDICT = "pipelineVerdict";
    /** The validated event key: the batcher's correlation key. */
    public static final String EVENT_KEY = "pipelineEventKey";
    /** The warehouse table of a notification: the loader's correlation key. */
    public static final String TABLE = "pipelineTable";

    public static final String ACCEPTED = "accepted";
    public static final String DROPPED = "dropped";
    public static final String REJECTED = "rejected";

    private PipelineHeaders() {
    }
}
