package routes.load;

/** A load that did not commit and will not by retrying now; the caller must not acknowledge its offsets. */
public class WarehouseLoadException extends RuntimeException {

    public WarehouseLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
