package routes.load;

import java.sql.SQLException;

/**
 * A failure of one step of the load transaction ({@code stage}, {@code merge}, {@code ledger}), keeping the
 * server's SQLState and error code so that {@link FailureClass} classifies it as it would the cause.
 */
final class LoadStepException extends SQLException {

    private final String step;

    LoadStepException(String step, SQLException cause) {
        super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
        this.step = step;
    }

    String step() {
        return step;
    }
}
