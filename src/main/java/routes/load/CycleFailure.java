package routes.load;

import java.sql.SQLException;

/**
 * Why an attempt at a load cycle failed for a reason retrying it whole will not cure.
 *
 * @param code   short reason for the isolation metric and log: {@code stage}, {@code merge}, {@code ledger},
 *               {@code content}, {@code timeout} or {@code error}
 * @param log    safe for logs: exception type and SQLState, never server text (it may quote event data)
 * @param detail for the dead-letter reason: the log part plus the first line of the server's message, capped
 */
record CycleFailure(String code, String log, String detail) {

    static final String STATEMENT_TIMEOUT = "57014";
    private static final int MAX_DETAIL = 300;

    /** Whether {@code e} is the server cancelling a statement that outlasted the statement timeout. */
    static boolean isTimeout(Throwable e) {
        return e instanceof SQLException s && STATEMENT_TIMEOUT.equals(s.getSQLState());
    }

    static CycleFailure of(Throwable e) {
        String code;
        if (isTimeout(e)) {
            code = "timeout";
        } else if (e instanceof LoadStepException step && step.getCause() instanceof StagedContentException) {
            code = "content";
        } else if (e instanceof LoadStepException step) {
            code = step.step();
        } else {
            code = "error";
        }
        String log = e.getClass().getSimpleName()
                + (e instanceof LoadStepException s ? "(" + s.getCause().getClass().getSimpleName() + ")" : "")
                + (e instanceof SQLException s ? " sqlstate=" + s.getSQLState() : "");
        return new CycleFailure(code, log, log + ": " + firstLine(e.getMessage()));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > MAX_DETAIL ? line.substring(0, MAX_DETAIL) + "…" : line;
    }
}
