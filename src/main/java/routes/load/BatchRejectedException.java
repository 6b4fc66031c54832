package routes.load;

import routes.contract.BatchNotification;

/** One batch made the whole staging step fail; the cycle is retried without it. */
public class BatchRejectedException extends Exception {

    private final transient BatchNotification batch;

    public BatchRejectedException(BatchNotification batch, String reason) {
        super(reason);
        this.batch = batch;
    }

    public BatchNotification batch() {
        return batch;
    }
}
