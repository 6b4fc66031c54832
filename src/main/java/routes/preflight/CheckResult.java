package routes.preflight;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One line of the report: {@code STATUS check saw — todo}. {@code saw} says what was observed, {@code todo}
 * what to do about it (naming the setting that most likely fixes a FAIL). Neither ever holds a secret.
 */
public record CheckResult(@JsonProperty("status") CheckStatus status, @JsonProperty("check") String check,
                          @JsonProperty("saw") String saw, @JsonProperty("todo") String todo) {

    public static CheckResult pass(String check, String saw) {
        return new CheckResult(CheckStatus.PASS, check, saw, "");
    }

    public static CheckResult warn(String check, String saw, String todo) {
        return new CheckResult(CheckStatus.WARN, check, saw, todo);
    }

    public static CheckResult fail(String check, String saw, String todo) {
        return new CheckResult(CheckStatus.FAIL, check, saw, todo);
    }

    /** The terminal line: status padded to one width so the columns line up. */
    public String line() {
        String text = String.format("%-4s %s %s", status, check, saw);
        return todo == null || todo.isEmpty() ? text : text + " -> " + todo;
    }
}
