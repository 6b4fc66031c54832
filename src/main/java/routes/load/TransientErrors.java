package routes.load;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Which SQL failures are worth retrying the whole transaction for: lost connections, serialization
 * failures and deadlocks, lock timeouts, server shutdown, pool exhaustion, and Redshift's serializable
 * isolation violation (error 1023). Only {@link FailureClass} asks, and it asks after its environment rule: a lock
 * timeout, a shutdown or too many connections are retried too, but as a visible pause of the table. A statement
 * timeout (57014) is not among them: the same load would outlast the timeout again, so the load plan
 * ({@link LoadPlan}) splits the cycle instead.
 */
public final class TransientErrors {

    private static final Set<String> STATES = Set.of("40001", "40P01", "55P03", "57P01", "57P02", "57P03",
            "53300");

    private TransientErrors() {
    }

    public static boolean isTransient(SQLException e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 20; t = next(t), depth++) {
            if (t instanceof SQLTransientException) {
                return true; // includes Hikari's SQLTransientConnectionException
            }
            if (t instanceof SQLException s && isTransientState(s)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof SQLException s && s.getNextException() != null) {
            return s.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    private static boolean isTransientState(SQLException s) {
        String state = s.getSQLState();
        if (state != null && (state.startsWith("08") || STATES.contains(state))) {
            return true;
        }
        String message = s.getMessage();
        return s.getErrorCode() == 1023
                || message != null && message.contains("1023") && message.contains("Serializable isolation violation");
    }
}
