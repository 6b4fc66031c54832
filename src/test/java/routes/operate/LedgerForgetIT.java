package routes.operate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import routes.contract.LedgerTable;
import routes.contract.SqlIdentifier;
import routes.testing.FreshDatabases;
import routes.testing.Sql;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code replay --forget-ledger}'s one transaction on a real PostgreSQL: it deletes each batch's row where it is, and
 * sends no statement that writes the legacy ledger unless that table holds one of the batches. A statement-level
 * trigger fires for every DELETE, also one that matches no row, so it sees the statements themselves.
 */
class LedgerForgetIT {

    private static final SqlIdentifier EVENTS = SqlIdentifier.of("public.events");

    private static FreshDatabases databases;
    private DataSource database;

    @BeforeAll
    static void startPostgres() throws IOException {
        databases = FreshDatabases.start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        databases.close();
    }

    @BeforeEach
    void ledgersWithADeleteWatchOnTheLegacyOne() throws SQLException {
        database = databases.next("forget");
        String ledger = LedgerTable.of(EVENTS).sql();
        sql(LedgerTable.createSchema(),
                LedgerTable.createTable(LedgerTable.LEGACY),
                LedgerTable.createTable(ledger),
                LedgerTable.createView(List.of(LedgerTable.of(EVENTS))),
                "CREATE TABLE legacy_deletes (at TIMESTAMPTZ NOT NULL DEFAULT now())",
                "CREATE FUNCTION note_legacy_delete() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN INSERT INTO legacy_deletes DEFAULT VALUES; RETURN NULL; END $$",
                "CREATE TRIGGER legacy_delete AFTER DELETE ON " + LedgerTable.LEGACY
                        + " FOR EACH STATEMENT EXECUTE FUNCTION note_legacy_delete()",
                insert(ledger, "b-new-1"), insert(ledger, "b-new-2"), insert(LedgerTable.LEGACY, "b-old-1"));
    }

    @Test
    void forgettingBatchesOfThePerTargetLedgerSendsNoDeleteToTheLegacyOne() throws SQLException {
        try (Connection c = connect()) {
            assertThat(Ledger.forget(c, List.of("b-new-1", "b-new-2"))).isEqualTo(2);
        }

        assertThat(count("SELECT count(*) FROM " + LedgerTable.NAME)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM legacy_deletes")).isZero();
    }

    @Test
    void aBatchInTheLegacyLedgerIsForgottenThereInTheSameTransaction() throws SQLException {
        try (Connection c = connect()) {
            assertThat(Ledger.forget(c, List.of("b-new-1", "b-old-1"))).isEqualTo(2);
        }

        assertThat(count("SELECT count(*) FROM " + LedgerTable.NAME + " WHERE batch_id IN ('b-new-1', 'b-old-1')")).isZero();
        assertThat(count("SELECT count(*) FROM " + LedgerTable.NAME)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM legacy_deletes")).isEqualTo(1);
    }

    private static String insert(String ledger, String batchId) {
        return "INSERT INTO " + ledger + " VALUES ('" + batchId + "', 'public.events', 'k/" + batchId
                + "', 10, 10, 0, 'load-1', now())";
    }

    private void sql(String... statements) throws SQLException {
        for (String statement : statements) {
            Sql.on(database).execute(statement);
        }
    }

    private long count(String query) throws SQLException {
        return Sql.on(database).count(query);
    }

    private Connection connect() throws SQLException {
        return database.getConnection();
    }
}
