package routes.batch;

/** Internal signal that stops the walk of an event; stackless because rejects are data, not bugs. */
final class Rejection extends RuntimeException {

    private final RejectReason reason;

    Rejection(RejectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    AdmissionVerdict.Rejected toAdmission() {
        return new AdmissionVerdict.Rejected(reason, getMessage());
    }
}
