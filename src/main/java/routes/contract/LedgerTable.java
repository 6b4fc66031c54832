package routes.contract;

/**
 * The load ledger, {@code event_pipeline.loads}: one row per loaded batch, {@code batch_id} its primary key.
 * The loader writes it and reads it to load nothing twice; replay, janitor, preflight and the benchmark
 * read it. One DDL for both dialects (PostgreSQL and Redshift accept the same column types here).
 */
public final class LedgerTable {

    public static final String SCHEMA = "event_pipeline";
    public static final String NAME = SCHEMA + ".loads";

    private LedgerTable() {
    }

    public static String createSchema() {
        return "CREATE SCHEMA IF NOT EXISTS " + SCHEMA;
    }

    public static String createTable() {
        return "CREATE TABLE IF NOT EXISTS " + NAME + " ("
                + "batch_id VARCHAR(128) NOT NULL PRIMARY KEY, target_table VARCHAR(256) NOT NULL,"
                + " s3_key VARCHAR(1024) NOT NULL, record_count BIGINT NOT NULL, rows_inserted BIGINT,"
                + " duplicates_skipped BIGINT, load_id VARCHAR(64) NOT NULL, loaded_at TIMESTAMPTZ NOT NULL)";
    }
}
