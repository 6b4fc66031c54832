package routes.preflight;

import java.util.List;

/** One area of the preflight (configuration, Kafka, S3, warehouse, …): its lines, in order. */
public interface PreflightCheck {

    /** Never throws for a problem of the checked system: that is a FAIL line naming the setting to look at. */
    List<CheckResult> run();
}
