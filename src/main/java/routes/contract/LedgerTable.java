package routes.contract;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The load ledger: one row per loaded batch, {@code batch_id} its primary key. Each target table has its own ledger
 * table, {@link #of} (the loads of two targets touch no common table, so Redshift can run them side by side:
 * docs/redshift.md §4.6); the loader writes its target's ledger and reads it (and the {@link #LEGACY} table) to load
 * nothing twice. {@value #NAME} is the outside name readers use (replay, janitor, preflight, the benchmark, analysts):
 * a view, same columns as the one table it replaced, over the legacy table and every per-target ledger.
 * One DDL for both dialects (PostgreSQL and Redshift accept the same column types here).
 */
public final class LedgerTable {

    public static final String SCHEMA = "event_pipeline";
    /** The readers' name: a view over {@link #LEGACY} and every per-target ledger. */
    public static final String NAME = SCHEMA + ".loads";
    /**
     * The one ledger table of the releases before per-target ledgers, renamed at the first start after them and read
     * only since (its rows still count as loaded); on a warehouse that never had one it is created empty, so that
     * every load reads the same tables.
     */
    public static final String LEGACY = SCHEMA + ".loads_legacy";
    /** Every per-target ledger's name starts so ({@link PerTargetTables}); {@link #LEGACY} does not. */
    public static final String PER_TARGET_PREFIX = "loads__";

    static final String COLUMNS = "batch_id, target_table, s3_key, record_count, rows_inserted, duplicates_skipped,"
            + " load_id, loaded_at";

    private LedgerTable() {
    }

    /** The ledger table of {@code target}'s loads, e.g. {@code event_pipeline.loads__public__events}. */
    public static SqlIdentifier of(SqlIdentifier target) {
        return PerTargetTables.of("loads", target);
    }

    public static String createSchema() {
        return "CREATE SCHEMA IF NOT EXISTS " + SCHEMA;
    }

    /** A ledger table: {@link #LEGACY} or one target's ({@link #of}). */
    public static String createTable(String ledger) {
        return "CREATE TABLE IF NOT EXISTS " + ledger + " ("
                + "batch_id VARCHAR(128) NOT NULL PRIMARY KEY, target_table VARCHAR(256) NOT NULL,"
                + " s3_key VARCHAR(1024) NOT NULL, record_count BIGINT NOT NULL, rows_inserted BIGINT,"
                + " duplicates_skipped BIGINT, load_id VARCHAR(64) NOT NULL, loaded_at TIMESTAMPTZ NOT NULL)";
    }

    /** The legacy table is renamed once, where {@value #NAME} is still a table (the upgrade's one step). */
    public static String renameToLegacy() {
        return "ALTER TABLE " + NAME + " RENAME TO " + LEGACY.substring(SCHEMA.length() + 1);
    }

    /**
     * The readers' view over the legacy table and {@code ledgers} (per-target ledger tables, listed in a stable order
     * so that the same set gives the same text). UNION ALL: a batch is in one ledger only.
     */
    public static String createView(Collection<SqlIdentifier> ledgers) {
        List<String> sources = ledgers.stream().map(SqlIdentifier::sql).sorted().distinct().collect(Collectors.toList());
        sources.add(0, LEGACY);
        return "CREATE OR REPLACE VIEW " + NAME + " AS "
                + sources.stream().map(t -> "SELECT " + COLUMNS + " FROM " + t).collect(Collectors.joining(" UNION ALL "));
    }
}
