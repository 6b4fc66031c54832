package routes.fields;

import org.junit.jupiter.api.Test;
import routes.contract.SqlIdentifier;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresViewStatementsTest {

    private final PostgresViewStatements sql = new PostgresViewStatements();

    private static ViewColumn column(String path, ViewColumnType type) {
        return new ViewColumn("c", path, List.of(path.split("\\.")), type);
    }

    @Test
    void eachCastIsGuardedByTheJsonTypeAndWhereItCouldStillFailByAPattern() {
        assertThat(PostgresViewStatements.expression(column("a.b", ViewColumnType.BIGINT))).isEqualTo(
                "CASE WHEN jsonb_typeof(payload -> 'a' -> 'b') = 'number' AND (payload -> 'a' -> 'b' #>> '{}')"
                        + " ~ '^-?[0-9]{1,18}$' THEN (payload -> 'a' -> 'b' #>> '{}')::bigint END");
        assertThat(PostgresViewStatements.expression(column("t", ViewColumnType.TIMESTAMP)))
                .startsWith("CASE WHEN jsonb_typeof(payload -> 't') = 'string' AND (payload -> 't' #>> '{}') ~ '^(?!0000)")
                .endsWith("THEN (payload -> 't' #>> '{}')::timestamptz END");
        assertThat(PostgresViewStatements.expression(column("m", ViewColumnType.TEXT))).isEqualTo(
                "CASE jsonb_typeof(payload -> 'm') WHEN 'string' THEN (payload -> 'm' #>> '{}') WHEN 'null' THEN NULL"
                        + " ELSE (payload -> 'm')::text END");
        assertThat(PostgresViewStatements.expression(column("it's", ViewColumnType.STRING)))
                .contains("payload -> 'it''s'");
    }

    @Test
    void columnsMayOnlyBeAddedAtTheEndInPlace() {
        List<ViewStatements.CatalogColumn> one = sql.expected(List.of(column("a", ViewColumnType.BIGINT)));
        List<ViewStatements.CatalogColumn> two = sql.expected(List.of(column("a", ViewColumnType.BIGINT),
                new ViewColumn("d", "d", List.of("d"), ViewColumnType.STRING)));
        List<ViewStatements.CatalogColumn> widened = sql.expected(List.of(column("a", ViewColumnType.NUMBER)));
        assertThat(sql.canReplace(one, two)).isTrue();
        assertThat(sql.canReplace(one, widened)).isFalse();
        assertThat(sql.canReplace(two, one)).isFalse();
        assertThat(sql.createView(true, SqlIdentifier.of("event_views.k"), SqlIdentifier.of("public.events"), "k", List.of()))
                .isEqualTo("CREATE OR REPLACE VIEW event_views.k AS SELECT event_id, occurred_at FROM public.events"
                        + " WHERE event_key = 'k'");
        assertThat(sql.regrant(new ViewStatements.Grant("analysts", "SELECT", "role"), SqlIdentifier.of("event_views.k")))
                .isEqualTo("GRANT SELECT ON event_views.k TO \"analysts\"");
    }
}
