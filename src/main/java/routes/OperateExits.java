package routes;

import org.apache.kafka.common.KafkaException;
import routes.config.SettingsException;

import java.sql.SQLException;
import java.util.concurrent.Callable;

/** Exit codes shared by the day-two commands (and reconcile): 0 done, 1 something failed, 2 could not run. */
final class OperateExits {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int COULD_NOT_RUN = 2;

    private OperateExits() {
    }

    /**
     * Runs {@code body}; any error before or outside its own accounting is a one-line "could not run". A refused
     * setting goes to the command line's handler, which prints all of it (every missing setting) and exits 2.
     */
    static int guard(String command, Callable<Integer> body) {
        try {
            return body.call();
        } catch (SettingsException e) {
            throw e;
        } catch (IllegalArgumentException | IllegalStateException | KafkaException e) {
            return couldNotRun(command, e.getMessage());
        } catch (SQLException e) {
            return couldNotRun(command, "warehouse query failed: " + String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
        } catch (Exception e) {
            return couldNotRun(command, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static int couldNotRun(String command, String message) {
        String line = message == null ? "failed" : message.lines().findFirst().orElse("failed");
        System.err.println(command + ": " + line);
        return COULD_NOT_RUN;
    }
}
