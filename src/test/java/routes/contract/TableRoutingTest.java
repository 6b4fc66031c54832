package routes.contract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableRoutingTest {

    private final TableRouting routing =
            TableRouting.parse("payroll.*=public.payroll_events, hr.??=hr.events, *.audit=public.audit,*=public.events");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "payroll.run, public.payroll_events",
            "payroll.audit, public.payroll_events",   // first match wins
            "hr.ab, hr.events",
            "hr.abc, public.events",                  // ? is exactly one character
            "billing.audit, public.audit",
            "payrollx, public.events",                // the dot is literal
            "anything, public.events",
    })
    void firstMatchingGlobWins(String eventKey, String table) {
        assertThat(routing.tableFor(eventKey).sql()).isEqualTo(table);
    }

    @Test
    void defaultSendsEverythingToPublicEvents() {
        TableRouting defaults = TableRouting.defaults();
        assertThat(defaults.tableFor("payroll.run").sql()).isEqualTo("public.events");
        assertThat(defaults.tables()).extracting(SqlIdentifier::sql).containsExactly("public.events");
        assertThat(TableRouting.parse("").tables()).extracting(SqlIdentifier::sql).containsExactly("public.events");
    }

    @Test
    void catchAllIsAppendedWhenMissing() {
        TableRouting r = TableRouting.parse("payroll.*=public.payroll_events");
        assertThat(r.tableFor("other").sql()).isEqualTo("public.events");
        assertThat(r.tables()).extracting(SqlIdentifier::sql).containsExactly("public.payroll_events", "public.events");
    }

    @Test
    void tablesAreListedOnceInRuleOrder() {
        assertThat(routing.tables()).extracting(SqlIdentifier::sql)
                .containsExactly("public.payroll_events", "hr.events", "public.audit", "public.events");
        assertThat(routing.isConfigured("hr.events")).isTrue();
        assertThat(routing.isConfigured("events")).isTrue(); // same as public.events
        assertThat(routing.isConfigured("public.other")).isFalse();
    }

    @ParameterizedTest(name = "refuses [{0}]")
    @ValueSource(strings = {
            "payroll.*=events; drop table x", "*=\"quoted\"", "*=a.b.c", "*=select", "*=Public.Events",
            "payroll.*", "=public.events", "pay roll=public.events", "pay'roll=public.events"})
    void refusesInvalidRules(String config) {
        assertThatThrownBy(() -> TableRouting.parse(config)).isInstanceOf(IllegalArgumentException.class);
    }
}
