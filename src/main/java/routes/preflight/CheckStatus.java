package routes.preflight;

/** The verdict of one preflight line; FAIL makes the command exit 1. */
public enum CheckStatus {
    PASS, WARN, FAIL
}
