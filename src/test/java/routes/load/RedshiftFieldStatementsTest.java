package routes.load;

import org.junit.jupiter.api.Test;
import routes.contract.SqlIdentifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every Redshift statement of the field-history step, word for word. */
class RedshiftFieldStatementsTest {

    private static final SqlIdentifier TARGET = SqlIdentifier.of("public.events");

    @Test
    void theKnownRowsAreReadForTheLoadsKeysFromTheTargetsOwnHistory() {
        assertThat(RedshiftFieldStatements.selectKnown(TARGET, 2)).isEqualTo(
                "SELECT event_key, path, json_type FROM event_pipeline.event_fields__public__events"
                        + " WHERE event_key IN (?, ?)");
        assertThat(RedshiftFieldStatements.transactionTime()).isEqualTo("SELECT SYSDATE");
    }

    @Test
    void knownRowsAreUpdatedFromAWithClauseAtTheTransactionsTime() {
        assertThat(RedshiftFieldStatements.updateKnown(TARGET, 2)).isEqualTo(
                "WITH o AS (SELECT ?::VARCHAR(128) AS event_key, ?::VARCHAR(512) AS path, ?::VARCHAR(16) AS json_type,"
                        + " ?::BIGINT AS n UNION ALL SELECT ?, ?, ?, ?)"
                        + " UPDATE event_pipeline.event_fields__public__events SET last_seen = SYSDATE,"
                        + " events_seen = events_seen + o.n FROM o"
                        + " WHERE event_fields__public__events.event_key = o.event_key"
                        + " AND event_fields__public__events.path = o.path"
                        + " AND event_fields__public__events.json_type = o.json_type");
    }

    @Test
    void newRowsAreInsertedWithFirstAndLastSeenTheTransactionsTime() {
        assertThat(RedshiftFieldStatements.insertNew(TARGET, 2)).isEqualTo(
                "INSERT INTO event_pipeline.event_fields__public__events"
                        + " (event_key, path, json_type, first_seen, last_seen, events_seen)"
                        + " VALUES (?, ?, ?, SYSDATE, SYSDATE, ?), (?, ?, ?, SYSDATE, SYSDATE, ?)");
    }

    @Test
    void rowsPerStatementAreBounded() {
        assertThatThrownBy(() -> RedshiftFieldStatements.insertNew(TARGET, RedshiftFieldStatements.MAX_ROWS_PER_STATEMENT + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedshiftFieldStatements.updateKnown(TARGET, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedshiftFieldStatements.selectKnown(TARGET, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
