package routes.load;

import routes.contract.Warehouse;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;

import java.io.InterruptedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Pattern;

/**
 * What a failed load attempt says about its cause: the one classification both dialects use (routes.yaml's
 * {@code load-retries} through {@link LoadFailures}, {@link LoadPlan}, the PostgreSQL stager's savepoints, the
 * Redshift COPY's culprit search). A pure function of the exception chain and the dialect's name.
 *
 * <p>SQLStates are PostgreSQL's (https://www.postgresql.org/docs/current/errcodes-appendix.html), which Redshift
 * reuses for the statements it shares; where Redshift differs it is said below (docs/redshift.md §4.3).
 *
 * @param kind     what the loader does about it (see {@link Kind})
 * @param reason   a short code for logs, the pause registry and metric tags; never server text
 * @param sqlState the SQLState that decided it, or null
 */
public record FailureClass(Kind kind, String reason, String sqlState) {

    public enum Kind {
        /** Retrying the same transaction may succeed: a lost connection, a serialization conflict. */
        TRANSIENT,
        /** The warehouse or the store refuses work for a reason outside the batches: the table's loads pause. */
        ENVIRONMENT,
        /** The content of the part tried is at fault: a single batch is dead-lettered, a larger part split at once. */
        CONTENT,
        /** Anything else: split to find the batch at fault, convicted only by comparison (see {@link LoadPlan}). */
        UNKNOWN
    }

    /** The reason of a statement timeout: UNKNOWN, split at once since a smaller load is what can finish in time. */
    public static final String TIMEOUT = "timeout";
    private static final int MAX_DEPTH = 20;
    private static final Pattern S3_STATUS_5XX = Pattern.compile("Status 5\\d\\d");
    private static final Pattern KMS = Pattern.compile("KMS|kms:");

    public static FailureClass of(Throwable failure, Warehouse warehouse) {
        List<Throwable> chain = chain(failure);
        // PostgreSQL's SQLStates say more than Redshift's (which reports most server errors as XX000): see byState
        boolean postgres = warehouse.pick(() -> true, () -> false);
        FailureClass environment = environment(chain, postgres);
        if (environment != null) {
            return environment;
        }
        for (Throwable t : chain) {
            if (t instanceof SQLException s && TransientErrors.isTransient(s)) {
                return new FailureClass(Kind.TRANSIENT, "transient", s.getSQLState());
            }
        }
        for (Throwable t : chain) {
            if (t instanceof BatchRejectedException || t instanceof BatchContentException || t instanceof ObjectNotFoundException) {
                return new FailureClass(Kind.CONTENT, "content", null);
            }
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("22") || s.getSQLState().startsWith("23"))) {
                return new FailureClass(Kind.CONTENT, s.getSQLState().startsWith("22") ? "data_exception" : "integrity", s.getSQLState());
            }
        }
        String state = chain.stream().filter(t -> t instanceof SQLException s && s.getSQLState() != null)
                .map(t -> ((SQLException) t).getSQLState()).findFirst().orElse(null);
        return new FailureClass(Kind.UNKNOWN, CycleFailure.STATEMENT_TIMEOUT.equals(state) ? TIMEOUT : "unknown", state);
    }

    /**
     * This failure as it reads when it hit the table's LOCK: a statement timeout there is another session holding the
     * lock (the timeout is set before the LOCK so that it bounds the wait), which no smaller load would cure, so the
     * table pauses instead of splitting and, in the end, convicting batches that never ran.
     */
    public FailureClass whileLocking() {
        return kind == Kind.UNKNOWN && TIMEOUT.equals(reason) ? new FailureClass(Kind.ENVIRONMENT, "lock_timeout", sqlState) : this;
    }

    /** Whether this failure pauses the table rather than convicting anything. */
    public boolean isEnvironment() {
        return kind == Kind.ENVIRONMENT;
    }

    private static FailureClass environment(List<Throwable> chain, boolean postgres) {
        for (Throwable t : chain) {
            if (t instanceof ObjectStoreRefusedException r) {
                String reason = r.status() == 403 ? "s3_access_denied" : r.status() == 503 ? "s3_throttled" : "s3_unavailable";
                return new FailureClass(Kind.ENVIRONMENT, reason, null);
            }
            // an operator stopped a load route (JMX), or the loader is stopping: nothing to do with the batches
            if (t instanceof DirectConsumerNotAvailableException || t instanceof RejectedExecutionException
                    || t instanceof InterruptedException || t instanceof InterruptedIOException) {
                return new FailureClass(Kind.ENVIRONMENT, "stopped", null);
            }
            if (t instanceof SQLException s) {
                FailureClass byState = byState(s, postgres);
                if (byState != null) {
                    return byState;
                }
                FailureClass byText = redshiftS3Text(s.getMessage());
                if (byText != null) {
                    return byText;
                }
            }
        }
        return null;
    }

    private static FailureClass byState(SQLException s, boolean postgres) {
        String state = s.getSQLState();
        if (state == null) {
            return null;
        }
        String reason;
        if (state.equals("42501")) {
            reason = "privilege";
        } else if (state.equals("42P01") || state.equals("3F000")) {
            reason = "missing_relation";
        } else if (state.startsWith("53")) {
            reason = "resources";
        } else if (state.equals("55P03")) {
            reason = "lock_timeout";
        } else if (state.startsWith("57P")) {
            reason = "server_shutdown";
        } else if (state.startsWith("58")) {
            reason = "io_error";
        } else if (postgres && state.startsWith("XX")) {
            // PostgreSQL's internal_error class; on Redshift XX000 is the state of most server errors, load errors too
            reason = "internal_error";
        } else if (postgres && state.equals(CycleFailure.STATEMENT_TIMEOUT) && !isStatementTimeout(s)) {
            // PostgreSQL words 57014 "canceling statement due to statement timeout" or "… due to user request";
            // Redshift's wording of either is not documented, so there every 57014 is taken for the timeout
            reason = "cancelled";
        } else {
            return null;
        }
        return new FailureClass(Kind.ENVIRONMENT, reason, state);
    }

    private static boolean isStatementTimeout(SQLException s) {
        return s.getMessage() != null && s.getMessage().toLowerCase(Locale.ROOT).contains("statement timeout");
    }

    /**
     * Redshift reports S3 read failures inside COPY as server errors whose text names the object being read (the
     * transfer errors are recorded in STL_S3CLIENT_ERROR, not in the load error views:
     * https://docs.aws.amazon.com/redshift/latest/dg/r_STL_S3CLIENT_ERROR.html). The wording matched here
     * ({@code S3ServiceException:Access Denied,Status 403}, {@code SlowDown}, KMS) is not in AWS's documentation.
     */
    private static FailureClass redshiftS3Text(String message) {
        if (message == null) {
            return null;
        }
        boolean s3 = message.contains("S3ServiceException");
        if (s3 && (message.contains("Access Denied") || message.contains("AccessDenied") || message.contains("Status 403"))) {
            return new FailureClass(Kind.ENVIRONMENT, "s3_access_denied", null);
        }
        if (message.contains("SlowDown") || message.contains("reduce your request rate")) {
            return new FailureClass(Kind.ENVIRONMENT, "s3_throttled", null);
        }
        if (KMS.matcher(message).find()) {
            return new FailureClass(Kind.ENVIRONMENT, "kms", null);
        }
        if (s3 && S3_STATUS_5XX.matcher(message).find()) {
            return new FailureClass(Kind.ENVIRONMENT, "s3_unavailable", null);
        }
        return null;
    }

    /** The exception and its causes, SQLExceptions' next exceptions included, outermost first. */
    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        List<Throwable> todo = new ArrayList<>(List.of(failure));
        while (!todo.isEmpty() && chain.size() < MAX_DEPTH) {
            Throwable t = todo.remove(0);
            if (t == null || chain.contains(t)) {
                continue;
            }
            chain.add(t);
            if (t instanceof SQLException s && s.getNextException() != null) {
                todo.add(s.getNextException());
            }
            todo.add(t.getCause()); // not the suppressed ones: Camel adds the previous attempt's failure there
        }
        return chain;
    }
}
