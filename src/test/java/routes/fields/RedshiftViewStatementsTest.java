package routes.fields;

import org.junit.jupiter.api.Test;
import routes.contract.SqlIdentifier;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every Redshift statement of the views per event key, word for word. */
class RedshiftViewStatementsTest {

    private final RedshiftViewStatements sql = new RedshiftViewStatements();
    private static final SqlIdentifier VIEW = SqlIdentifier.of("event_views.payroll_run");
    private static final SqlIdentifier TARGET = SqlIdentifier.of("public.events");

    private static ViewColumn column(String name, String path, ViewColumnType type) {
        return new ViewColumn(name, path, List.of(path.split("\\.")), type);
    }

    @Test
    void theViewIsLateBindingOverTheKeysRowsWithEachCastGuardedByItsSuperType() {
        assertThat(sql.createView(false, VIEW, TARGET, "payroll.run", List.of(
                column("amount", "amount", ViewColumnType.BIGINT),
                column("rate", "rate", ViewColumnType.NUMBER),
                column("ok", "ok", ViewColumnType.BOOLEAN),
                column("paid_at", "paid_at", ViewColumnType.TIMESTAMP),
                column("employee__name", "employee.name", ViewColumnType.STRING),
                column("tags", "tags", ViewColumnType.JSON),
                column("mixed", "mixed", ViewColumnType.TEXT)))).isEqualTo(
                "CREATE VIEW event_views.payroll_run AS SELECT event_id, occurred_at,"
                        + " CASE WHEN IS_BIGINT(payload.\"amount\") THEN payload.\"amount\"::BIGINT END AS amount,"
                        + " CASE WHEN IS_BIGINT(payload.\"rate\") OR IS_DECIMAL(payload.\"rate\") OR IS_FLOAT(payload.\"rate\")"
                        + " THEN payload.\"rate\"::DOUBLE PRECISION END AS rate,"
                        + " CASE WHEN IS_BOOLEAN(payload.\"ok\") THEN payload.\"ok\"::BOOLEAN END AS ok,"
                        + " CASE WHEN IS_VARCHAR(payload.\"paid_at\") THEN TRY_CAST(payload.\"paid_at\"::VARCHAR(65535)"
                        + " AS TIMESTAMPTZ) END AS paid_at,"
                        + " CASE WHEN IS_VARCHAR(payload.\"employee\".\"name\") THEN"
                        + " payload.\"employee\".\"name\"::VARCHAR(65535) END AS employee__name,"
                        + " CASE WHEN IS_OBJECT(payload.\"tags\") OR IS_ARRAY(payload.\"tags\") THEN payload.\"tags\" END AS tags,"
                        + " CASE WHEN IS_VARCHAR(payload.\"mixed\") THEN payload.\"mixed\"::VARCHAR(65535)"
                        + " ELSE JSON_SERIALIZE(payload.\"mixed\") END AS mixed"
                        + " FROM public.events WHERE event_key = 'payroll.run' WITH NO SCHEMA BINDING");
    }

    @Test
    void aFieldNameIsADelimitedAttributeWithItsQuotesDoubledAndAnInvalidKeyIsRefused() {
        assertThat(RedshiftViewStatements.expression(column("q", "say \"hi\"", ViewColumnType.STRING)))
                .isEqualTo("CASE WHEN IS_VARCHAR(payload.\"say \"\"hi\"\"\") THEN payload.\"say \"\"hi\"\"\"::VARCHAR(65535) END");
        assertThatThrownBy(() -> sql.createView(false, VIEW, TARGET, "x' OR '1'='1", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(RedshiftViewStatements.navigable(column("long", "a".repeat(128), ViewColumnType.STRING))).isFalse();
    }

    @Test
    void replacingInPlaceNeedsTheSameColumnsOtherwiseTheGrantsAreReadAndGivenBack() {
        assertThat(sql.createView(true, VIEW, TARGET, "k", List.of())).startsWith("CREATE OR REPLACE VIEW event_views.payroll_run AS");
        List<ViewStatements.CatalogColumn> two = sql.expected(List.of(column("a", "a", ViewColumnType.BIGINT)));
        assertThat(two).containsExactly(new ViewStatements.CatalogColumn("event_id", "character varying(64)"),
                new ViewStatements.CatalogColumn("occurred_at", "timestamp with time zone"),
                new ViewStatements.CatalogColumn("a", "bigint"));
        assertThat(sql.canReplace(two.subList(0, 2), two)).isFalse();
        assertThat(sql.currentColumns()).isEqualTo("SELECT col_name, col_type FROM pg_get_late_binding_view_cols()"
                + " cols(view_schema name, view_name name, col_name name, col_type varchar, col_num int)"
                + " WHERE view_schema = ? AND view_name = ? ORDER BY col_num");
        assertThat(sql.grants()).isEqualTo("SELECT identity_name, privilege_type, identity_type FROM svv_relation_privileges"
                + " WHERE namespace_name = ? AND relation_name = ? AND NOT (identity_type = 'user' AND identity_name = current_user)");
        assertThat(sql.regrant(new ViewStatements.Grant("analysts", "SELECT", "role"), VIEW))
                .isEqualTo("GRANT SELECT ON event_views.payroll_run TO ROLE \"analysts\"");
        assertThat(sql.regrant(new ViewStatements.Grant("bi", "SELECT", "group"), VIEW))
                .isEqualTo("GRANT SELECT ON event_views.payroll_run TO GROUP \"bi\"");
        assertThat(sql.regrant(new ViewStatements.Grant("ann \"x\"", "SELECT", "user"), VIEW))
                .isEqualTo("GRANT SELECT ON event_views.payroll_run TO \"ann \"\"x\"\"\"");
        assertThat(sql.regrant(new ViewStatements.Grant("public", "SELECT", "public"), VIEW))
                .isEqualTo("GRANT SELECT ON event_views.payroll_run TO PUBLIC");
        assertThatThrownBy(() -> sql.regrant(new ViewStatements.Grant("a", "SELECT; DROP", "user"), VIEW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(sql.dropView(VIEW)).isEqualTo("DROP VIEW event_views.payroll_run");
        assertThat(sql.boundWaits()).isEqualTo("SELECT SET_CONFIG('statement_timeout', '10000', true)");
        assertThat(sql.schemaExists()).isEqualTo("SELECT count(*) FROM pg_namespace WHERE nspname = ?");
        assertThat(sql.createSchema("event_views")).isEqualTo("CREATE SCHEMA event_views");
    }
}
