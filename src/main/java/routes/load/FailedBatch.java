package routes.load;

import routes.contract.BatchNotification;

/** A batch that was not loaded and will not load by retrying, with the reason (no event content). */
public record FailedBatch(BatchNotification batch, String reason) {
}
