package routes.load;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import routes.contract.Warehouse;

import java.io.EOFException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.zip.ZipException;

/**
 * What a failure while streaming a PostgreSQL batch into the stage says about that batch: the one rule both of
 * {@link PostgresStaging}'s passes apply, so a failure that would convict a batch alone also sends the load's one COPY
 * to the per-object pass, and one that would not (the store, the network, the server's environment) fails the attempt
 * in either.
 */
final class StagingFault {

    private StagingFault() {
    }

    /**
     * The reason that convicts the batch being staged when {@code failure} happened, in the words of the failed list.
     *
     * @throws SQLException the failure as the attempt's, when it is not that batch's fault
     */
    static String convicting(Exception failure) throws SQLException {
        if (failure instanceof BatchContentException) {
            return failure.getMessage();
        }
        if (failure instanceof ObjectNotFoundException) {
            return "object missing";
        }
        if (failure instanceof ZipException || failure instanceof EOFException) {
            return "corrupt gzip";
        }
        if (failure instanceof ObjectStoreRefusedException) {
            // the store refuses (403, 5xx, throttling): not this batch's fault, the table's loads pause
            throw new SQLException("object store refused a read", failure);
        }
        if (failure instanceof IOException) {
            // A read failure that is not about the content (network): retry the cycle.
            throw new SQLTransientException("object store read failed: " + failure.getClass().getSimpleName(), failure);
        }
        if (failure instanceof SQLException e) {
            // One rule for both dialects (FailureClass): only the batch's content convicts it here; the
            // environment (a cancel, no privilege, disk full) fails the attempt and pauses the table.
            if (isEnvironmentOrTransient(e)) {
                throw e;
            }
            return "rejected by PostgreSQL: " + describe(e);
        }
        throw new IllegalArgumentException("not a staging failure: " + failure.getClass().getName(), failure);
    }

    /** Whether the server's error is outside the batches: retried or paused, never convicting one. */
    static boolean isEnvironmentOrTransient(SQLException e) {
        FailureClass.Kind kind = FailureClass.of(e, Warehouse.POSTGRESQL).kind();
        return kind == FailureClass.Kind.TRANSIENT || kind == FailureClass.Kind.ENVIRONMENT;
    }

    /** SQLState and primary message only: detail and context lines can quote the rejected data. */
    private static String describe(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            String msg = m.getMessage() == null ? "" : m.getMessage();
            return m.getSQLState() + " " + (msg.length() > 200 ? msg.substring(0, 200) : msg);
        }
        return String.valueOf(e.getSQLState());
    }
}
