package routes.contract;

/**
 * The field history, {@code event_pipeline.event_fields}: per event key, each leaf path with each type it was
 * seen with, when the pipeline first and last loaded an event carrying it, and how many such events it loaded.
 * Never a value. The loader writes it in the load's own transaction; {@code fields}, the status page and the
 * per-key views read it. A type change of a path is a second row of the same path, its {@code first_seen} the
 * change's time. One DDL for both dialects.
 */
public final class EventFieldsTable {

    public static final String NAME = LedgerTable.SCHEMA + ".event_fields";

    /** Longest path stored (bytes); the batcher cuts longer ones, counted in the notification's {@code fields_cut}. */
    public static final int MAX_PATH_BYTES = 512;

    private EventFieldsTable() {
    }

    public static String createTable() {
        return "CREATE TABLE IF NOT EXISTS " + NAME + " ("
                + "event_key VARCHAR(128) NOT NULL, path VARCHAR(" + MAX_PATH_BYTES + ") NOT NULL,"
                + " json_type VARCHAR(16) NOT NULL, first_seen TIMESTAMPTZ NOT NULL, last_seen TIMESTAMPTZ NOT NULL,"
                + " events_seen BIGINT NOT NULL, PRIMARY KEY (event_key, path, json_type))";
    }
}
