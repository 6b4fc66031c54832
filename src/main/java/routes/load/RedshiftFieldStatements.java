package routes.load;

import routes.contract.EventFieldsTable;
import routes.contract.SqlIdentifier;

import java.util.Collections;

/**
 * Every Redshift statement of a load's field-history step, as text (RedshiftFieldStatementsTest checks each). Values
 * are bind parameters; only the validated table name is SQL text. MERGE is not used: its source must be a table, not
 * a subquery (https://docs.aws.amazon.com/redshift/latest/dg/r_MERGE.html, "source_table"), so the step reads what
 * the history holds for the load's keys, then UPDATEs the known rows from a WITH clause
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_UPDATE.html: WITH clause and FROM list) and INSERTs the new ones
 * with a multi-row VALUES list. The load's LOCK serialises the loads of one target, and the history table is that
 * target's alone, so nothing can add a row between the read and the INSERT. SYSDATE is the transaction's start
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_SYSDATE.html): first_seen and last_seen are the load's time.
 */
public final class RedshiftFieldStatements {

    /** Rows per UPDATE or INSERT: 4 parameters each, well under the 32,767 a statement can bind. */
    public static final int MAX_ROWS_PER_STATEMENT = 1_000;
    /** Keys per read; a load holds one event key per batch. */
    public static final int MAX_KEYS_PER_READ = 1_000;
    static final String TRANSACTION_TIME = "SYSDATE";

    private RedshiftFieldStatements() {
    }

    /** The rows the history holds for the load's keys. Parameters: {@code keys} event keys. */
    public static String selectKnown(SqlIdentifier target, int keys) {
        require(keys, MAX_KEYS_PER_READ, "keys per read");
        return "SELECT event_key, path, json_type FROM " + EventFieldsTable.tableFor(target).sql()
                + " WHERE event_key IN (" + String.join(", ", Collections.nCopies(keys, "?")) + ")";
    }

    /** The transaction's time, the changes' first_seen. */
    public static String transactionTime() {
        return "SELECT " + TRANSACTION_TIME;
    }

    /** Known rows seen again. Parameters per row: event key, path, type, events. */
    public static String updateKnown(SqlIdentifier target, int rows) {
        require(rows, MAX_ROWS_PER_STATEMENT, "rows per UPDATE");
        SqlIdentifier history = EventFieldsTable.tableFor(target);
        String first = "SELECT ?::VARCHAR(128) AS event_key, ?::VARCHAR(" + EventFieldsTable.MAX_PATH_BYTES
                + ") AS path, ?::VARCHAR(16) AS json_type, ?::BIGINT AS n";
        String source = first + String.join("", Collections.nCopies(rows - 1, " UNION ALL SELECT ?, ?, ?, ?"));
        return "WITH o AS (" + source + ") UPDATE " + history.sql() + " SET last_seen = " + TRANSACTION_TIME
                + ", events_seen = events_seen + o.n FROM o WHERE " + history.name() + ".event_key = o.event_key AND "
                + history.name() + ".path = o.path AND " + history.name() + ".json_type = o.json_type";
    }

    /** New paths and types. Parameters per row: event key, path, type, events. */
    public static String insertNew(SqlIdentifier target, int rows) {
        require(rows, MAX_ROWS_PER_STATEMENT, "rows per INSERT");
        return "INSERT INTO " + EventFieldsTable.tableFor(target).sql() + " (" + EventFieldsTable.COLUMNS + ") VALUES "
                + String.join(", ", Collections.nCopies(rows,
                "(?, ?, ?, " + TRANSACTION_TIME + ", " + TRANSACTION_TIME + ", ?)"));
    }

    private static void require(int n, int max, String what) {
        if (n < 1 || n > max) {
            throw new IllegalArgumentException("1 to " + max + " " + what);
        }
    }
}
