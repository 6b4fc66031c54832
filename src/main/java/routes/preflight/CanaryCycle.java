package routes.preflight;

import routes.contract.BatchNotification;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One rolled-back load of canary batches and what it must do: rows inserted, duplicates skipped, batches left
 * out. {@link #plan} is the list the issue asks for: plain events, a 70 KB string, occurred_at with nine
 * fractional digits and a +05:30 offset, large and odd numbers, unicode and control-character escapes, a
 * duplicate id (within and across batches) and a missing object.
 */
record CanaryCycle(String name, Kind kind, List<BatchNotification> batches, long expectedInserted,
                   long expectedDuplicates, int expectedFailed) {

    enum Kind { ORDINARY, LONG_STRING, ODD_TIME, CASE_VARIANT_ID, MISSING_OBJECT }

    static final String ODD_TIME_ID = "time";
    static final String CASE_VARIANT_ID = "case";
    private static final Duration TIME_TOLERANCE = Duration.ofNanos(1000);
    private static final String REPORT_IT = "the loader's dialect did not do what the loader relies on: keep the report and raise it with the pipeline's maintainers";

    /** Uploads the canary objects (S3 errors propagate) and returns the cycles in order. */
    static List<CanaryCycle> plan(CanaryBatches canaries, CanaryEvents e) {
        return List.of(
                new CanaryCycle("plain", Kind.ORDINARY,
                        List.of(canaries.upload(List.of(e.plain("a"), e.plain("b"), e.plain("c")))), 3, 0, 0),
                new CanaryCycle("string-70kb", Kind.LONG_STRING, List.of(canaries.upload(List.of(e.longString("long")))), 1, 0, 0),
                new CanaryCycle("occurred-at-9-digits-+05:30", Kind.ODD_TIME,
                        List.of(canaries.upload(List.of(e.oddTime(ODD_TIME_ID), e.plain("time-neighbour")))), 2, 0, 0),
                new CanaryCycle("event_id-and-EVENT_ID", Kind.CASE_VARIANT_ID,
                        List.of(canaries.upload(List.of(e.caseVariantId(CASE_VARIANT_ID)))), 1, 0, 0),
                new CanaryCycle("odd-numbers", Kind.ORDINARY, List.of(canaries.upload(List.of(e.oddNumbers("numbers")))), 1, 0, 0),
                new CanaryCycle("unicode-and-control-escapes", Kind.ORDINARY,
                        List.of(canaries.upload(List.of(e.unicode("unicode")))), 1, 0, 0),
                new CanaryCycle("duplicate-id", Kind.ORDINARY, List.of(
                        canaries.upload(List.of(e.plain("dup"), e.plain("d2"))),
                        canaries.upload(List.of(e.plain("dup"), e.plain("d3"), e.plain("d3")))), 3, 2, 0),
                new CanaryCycle("missing-object", Kind.MISSING_OBJECT, List.of(
                        canaries.upload(List.of(e.plain("present"))),
                        canaries.missing(List.of(e.plain("absent")))), 1, 0, 1));
    }

    /** The canary event whose stored row this cycle reads back (by its exact event_id), or null. */
    String readsBack() {
        return switch (kind) {
            case ODD_TIME -> ODD_TIME_ID;
            case CASE_VARIANT_ID -> CASE_VARIANT_ID;
            default -> null;
        };
    }

    CheckResult judge(String check, CanaryOutcome o, long millis) {
        String saw = o.describe() + "; rolled back (" + millis + " ms)";
        if (o.alreadyLoaded() > 0) {
            return CheckResult.fail(check, saw + "; the ledger already held a canary batch id", REPORT_IT);
        }
        if (o.inserted() != expectedInserted || o.duplicates() != expectedDuplicates || o.failedReasons().size() != expectedFailed) {
            return CheckResult.fail(check, saw + "; expected inserted " + expectedInserted + ", duplicates "
                    + expectedDuplicates + ", failed " + expectedFailed, REPORT_IT);
        }
        if (o.ledgerVisible() != o.ledgerWritten()) {
            return CheckResult.fail(check, saw + "; the ledger insert is not visible to alreadyLoaded", REPORT_IT);
        }
        if (kind == Kind.CASE_VARIANT_ID && o.storedOccurredAt() == null) {
            return CheckResult.fail(check, saw + "; no row holds the event's event_id: the load read EVENT_ID or Event_Id"
                    + " instead", "SUPER attributes were navigated case-insensitively: the loader's sessions must run"
                    + " SET enable_case_sensitive_super_attribute TO true (docs/redshift.md §4.5); " + REPORT_IT);
        }
        if (kind == Kind.ODD_TIME) {
            Instant stored = o.storedOccurredAt() == null ? null : Instant.parse(o.storedOccurredAt());
            if (stored == null || Duration.between(CanaryEvents.ODD_OCCURRED_AT_INSTANT, stored).abs().compareTo(TIME_TOLERANCE) >= 0) {
                return CheckResult.fail(check, saw + "; expected " + CanaryEvents.ODD_OCCURRED_AT + " = "
                        + CanaryEvents.ODD_OCCURRED_AT_INSTANT + " to the microsecond", REPORT_IT);
            }
        }
        return CheckResult.pass(check, saw);
    }

    /**
     * The load refused a batch (BatchRejectedException): expected, where one COPY stages the whole load (Redshift), for
     * the missing object and the long string.
     */
    CheckResult judgeRejection(String check, String reason, boolean oneCopyPerLoad, long millis) {
        String saw = "batch rejected: " + reason + "; rolled back (" + millis + " ms)";
        if (oneCopyPerLoad && kind == Kind.MISSING_OBJECT) {
            return CheckResult.pass(check, saw + " (the loader retries the cycle without it)");
        }
        if (oneCopyPerLoad && kind == Kind.LONG_STRING) {
            return CheckResult.warn(check, saw, "this cluster refuses strings over 65,535 bytes: keep the batcher's string limit at its default");
        }
        return CheckResult.fail(check, saw, REPORT_IT);
    }

    /** A statement failed (the cycle was rolled back). */
    CheckResult judgeFailure(String check, String failure, String setting, boolean oneCopyPerLoad) {
        if (oneCopyPerLoad && (kind == Kind.MISSING_OBJECT || kind == Kind.LONG_STRING)) {
            return CheckResult.warn(check, "failed without naming a batch: " + failure,
                    "the loader would retry this cycle with backoff instead of setting the batch aside");
        }
        return CheckResult.fail(check, failure, "check " + setting);
    }
}
