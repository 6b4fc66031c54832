package routes.contract;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PerTargetTablesTest {

    @Test
    void aTargetGetsAReadableNameInThePipelinesSchema() {
        assertThat(PerTargetTables.of("loads", SqlIdentifier.of("public.events")).sql())
                .isEqualTo("event_pipeline.loads__public__events");
    }

    @Test
    void namesThatCouldSplitTwoWaysAreHashedSoTwoTargetsNeverShareOne() {
        SqlIdentifier one = PerTargetTables.of("loads", SqlIdentifier.of("a.b__c"));
        SqlIdentifier other = PerTargetTables.of("loads", SqlIdentifier.of("a__b.c"));

        assertThat(one).isNotEqualTo(other);
        assertThat(one.name()).matches("loads__[0-9a-f]{16}");
    }

    @Test
    void longNamesAreHashedToFitPostgresIdentifiers() {
        SqlIdentifier target = SqlIdentifier.of("analytics." + "x".repeat(60));

        assertThat(PerTargetTables.of("event_fields", target).name()).hasSizeLessThanOrEqualTo(63)
                .startsWith("event_fields__");
    }
}
