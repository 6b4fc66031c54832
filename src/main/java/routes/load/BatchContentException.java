package routes.load;

/** The object of a batch is not what its notification promises (a permanent problem of that batch). */
public class BatchContentException extends Exception {

    public BatchContentException(String reason) {
        super(reason);
    }
}
