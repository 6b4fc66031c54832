package routes.preflight;

import java.sql.SQLException;
import java.util.Optional;
import routes.config.Setting;

/**
 * Turns an exception into the few words a report line can carry: the root cause's type and the first line
 * of its message, bounded. Server messages here name users, hosts and objects, never passwords; the report
 * scrubs configured secrets from every line anyway ({@link PreflightReport}).
 */
final class Failures {

    private static final int MAX_MESSAGE = 160;

    private Failures() {
    }

    static String describe(Throwable e) {
        Throwable root = rootCause(e);
        String message = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("").trim();
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "…";
        }
        return message.isEmpty() ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + message;
    }

    static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** The first exception of type {@code type} in the cause chain. */
    static <T extends Throwable> Optional<T> find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    /** The SQLState of the innermost SQLException that has one (Hikari wraps the driver's). */
    static String sqlState(Throwable e) {
        String state = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                state = s.getSQLState();
            }
        }
        return state == null ? "" : state;
    }

    /**
     * The setting that most likely fixes a failed warehouse connection or statement: a refused login names the
     * password, an unknown database or an unreachable host the JDBC URL.
     */
    static String warehouseSetting(Throwable e) {
        String state = sqlState(e);
        if (state.equals("28P01") || state.equals("28000")) {
            return "pipeline.warehouse.password (or pipeline.warehouse.user)";
        }
        if (state.equals("42501")) {
            return "the grants of pipeline.warehouse.user";
        }
        return Setting.WAREHOUSE_JDBC_URL;
    }
}
