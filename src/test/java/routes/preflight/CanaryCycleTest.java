package routes.preflight;

import org.junit.jupiter.api.Test;

import java.util.List;
import routes.config.Setting;

import static org.assertj.core.api.Assertions.assertThat;

class CanaryCycleTest {

    private static final CanaryCycle DUPLICATES = new CanaryCycle("duplicate-id", CanaryCycle.Kind.ORDINARY, List.of(), 3, 2, 0);
    private static final CanaryCycle TIME = new CanaryCycle("time", CanaryCycle.Kind.ODD_TIME, List.of(), 2, 0, 0);
    private static final CanaryCycle MISSING = new CanaryCycle("missing", CanaryCycle.Kind.MISSING_OBJECT, List.of(), 1, 0, 1);

    @Test
    void theExpectedCountsPass() {
        CheckResult r = DUPLICATES.judge("c", new CanaryOutcome(0, 5, 3, 2, List.of(), 2, 2, null), 10);
        assertThat(r.status()).isEqualTo(CheckStatus.PASS);
        assertThat(r.saw()).startsWith("staged 5, inserted 3, duplicates 2, failed 0, ledger rows visible 2/2");
    }

    @Test
    void aDuplicateThatGotInsertedFails() {
        CheckResult r = DUPLICATES.judge("c", new CanaryOutcome(0, 5, 4, 1, List.of(), 2, 2, null), 10);
        assertThat(r.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(r.saw()).contains("expected inserted 3, duplicates 2");
    }

    @Test
    void aLedgerInsertTheDialectCannotSeeFails() {
        CheckResult r = DUPLICATES.judge("c", new CanaryOutcome(0, 5, 3, 2, List.of(), 1, 2, null), 10);
        assertThat(r.status()).isEqualTo(CheckStatus.FAIL);
    }

    @Test
    void anEventWithEventIdAndEVENT_IDMustBeStoredUnderItsEventId() {
        CanaryCycle caseVariant = new CanaryCycle("event_id-and-EVENT_ID", CanaryCycle.Kind.CASE_VARIANT_ID, List.of(), 1, 0, 0);

        assertThat(caseVariant.readsBack()).isEqualTo(CanaryCycle.CASE_VARIANT_ID);
        assertThat(caseVariant.judge("c", new CanaryOutcome(0, 1, 1, 0, List.of(), 1, 1, "2026-12-07T10:00:00Z"), 1)
                .status()).isEqualTo(CheckStatus.PASS);
        CheckResult readTheOtherField = caseVariant.judge("c", new CanaryOutcome(0, 1, 1, 0, List.of(), 1, 1, null), 1);
        assertThat(readTheOtherField.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(readTheOtherField.todo()).contains("enable_case_sensitive_super_attribute");
    }

    @Test
    void theCanaryEventCarriesEventIdInThreeCases() throws Exception {
        CanaryEvents events = new CanaryEvents("run", java.time.Instant.parse("2026-12-07T10:00:00Z"));

        com.fasterxml.jackson.databind.JsonNode event = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(events.caseVariantId(CanaryCycle.CASE_VARIANT_ID));

        assertThat(event.get("event_id").asText()).isEqualTo("preflight-run-case");
        assertThat(event.get("EVENT_ID").asText()).isEqualTo("preflight-run-case-upper");
        assertThat(event.get("Event_Id").asText()).isEqualTo("preflight-run-case-mixed");
    }

    @Test
    void occurredAtMustSurviveToTheMicrosecond() {
        assertThat(TIME.judge("c", new CanaryOutcome(0, 2, 2, 0, List.of(), 1, 1, "2026-01-01T21:34:05.123457Z"), 1)
                .status()).isEqualTo(CheckStatus.PASS); // rounded
        assertThat(TIME.judge("c", new CanaryOutcome(0, 2, 2, 0, List.of(), 1, 1, "2026-01-01T21:34:05.123456Z"), 1)
                .status()).isEqualTo(CheckStatus.PASS); // cut
        assertThat(TIME.judge("c", new CanaryOutcome(0, 2, 2, 0, List.of(), 1, 1, "2026-01-02T03:04:05.123457Z"), 1)
                .status()).isEqualTo(CheckStatus.FAIL); // the offset was dropped
    }

    @Test
    void onRedshiftAMissingObjectFoundByTheHeadBeforeTheCopyPassesAsOnPostgresql() {
        CheckResult r = MISSING.judge("c", new CanaryOutcome(0, 1, 1, 0, List.of("object missing"), 1, 1, null), 1);

        assertThat(r.status()).as(r.saw()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void onRedshiftAMissingObjectIsARejectionOfThatBatch() {
        assertThat(MISSING.judgeRejection("c", "COPY failed on s3://b/k", true, 1).status()).isEqualTo(CheckStatus.PASS);
        assertThat(MISSING.judgeRejection("c", "COPY failed on s3://b/k", false, 1).status()).isEqualTo(CheckStatus.FAIL);
        assertThat(MISSING.judgeFailure("c", "SQLException", Setting.WAREHOUSE_JDBC_URL, true).status()).isEqualTo(CheckStatus.WARN);
    }
}
