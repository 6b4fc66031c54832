package routes.config;

/**
 * A setting refused at start (unknown key, invalid value, missing for {@code run}): its message is meant for
 * the operator as is, naming the key, the value unless secret, and the rule, so the command prints it
 * without a stack trace and exits 2.
 */
public class SettingsException extends IllegalArgumentException {

    public SettingsException(String message) {
        super(message);
    }
}
