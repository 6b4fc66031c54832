package routes.contract;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The field history: per event key, each leaf path with each type it was seen with, when the pipeline first and last
 * loaded an event carrying it (the load transaction's time), and how many such events it loaded. Never a value. A
 * type change of a path is a second row of the same path, its {@code first_seen} the change's time.
 * <p>
 * Kept as one table per target table ({@link #tableFor}, named by {@link PerTargetTables}), written in the load's own
 * transaction: the loads of two target tables then write no common table, so Redshift's serializable isolation, which
 * decides conflicts per table (docs/redshift.md §4.6), never aborts one for the other. {@link #NAME},
 * {@code event_pipeline.event_fields}, is the view readers query: UNION ALL over every target's table that exists (WarehouseSchema), with
 * the columns above. One DDL for both dialects.
 */
public final class EventFieldsTable {

    /** The view over every target's history; what {@code fields}, the status page and analysts read. */
    public static final String NAME = LedgerTable.SCHEMA + ".event_fields";
    /** The kind of the per-target tables ({@link PerTargetTables#of}). */
    public static final String KIND = "event_fields";
    /** How the names of the per-target tables begin. */
    public static final String PER_TARGET_PREFIX = KIND + "__";
    /** The columns of the tables and of the view, in order. */
    public static final String COLUMNS = "event_key, path, json_type, first_seen, last_seen, events_seen";

    /** Longest path stored (bytes); the batcher cuts longer ones, counted in the notification's {@code fields_cut}. */
    public static final int MAX_PATH_BYTES = 512;

    private EventFieldsTable() {
    }

    /** The history table of {@code target}, e.g. {@code event_pipeline.event_fields__public__events}. */
    public static SqlIdentifier tableFor(SqlIdentifier target) {
        return PerTargetTables.of(KIND, target);
    }

    public static String createTable(SqlIdentifier target) {
        return "CREATE TABLE IF NOT EXISTS " + tableFor(target).sql() + " ("
                + "event_key VARCHAR(128) NOT NULL, path VARCHAR(" + MAX_PATH_BYTES + ") NOT NULL,"
                + " json_type VARCHAR(16) NOT NULL, first_seen TIMESTAMPTZ NOT NULL, last_seen TIMESTAMPTZ NOT NULL,"
                + " events_seen BIGINT NOT NULL, PRIMARY KEY (event_key, path, json_type))";
    }

    /**
     * {@link #NAME} over the history tables of {@code targets} (the configured ones, known at start). Same columns
     * whatever the targets, so CREATE OR REPLACE applies on both dialects and keeps the view's grants (PostgreSQL:
     * https://www.postgresql.org/docs/14/sql-createview.html; Redshift:
     * https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_VIEW.html, "identical set of columns").
     */
    public static String createView(Collection<SqlIdentifier> targets) {
        return createViewOver(targets.stream().map(EventFieldsTable::tableFor).toList());
    }

    /** {@link #NAME} over {@code historyTables} (the configured targets' and those other instances created). */
    public static String createViewOver(Collection<SqlIdentifier> historyTables) {
        if (historyTables.isEmpty()) {
            throw new IllegalArgumentException("no history table");
        }
        return "CREATE OR REPLACE VIEW " + NAME + " AS "
                + historyTables.stream().distinct().map(t -> "SELECT " + COLUMNS + " FROM " + t.sql())
                .collect(Collectors.joining(" UNION ALL "));
    }
}
