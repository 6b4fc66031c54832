package routes.load;

import java.sql.SQLException;

/**
 * What the warehouse staged does not match what the notifications promise (row count, or rows whose pipeline
 * columns cannot be extracted). Not transient: the same objects stage the same way again, so the loader isolates
 * the batch at fault. SQLState 22000 (data exception).
 */
public final class StagedContentException extends SQLException {

    public StagedContentException(String message) {
        super(message, "22000");
    }
}
