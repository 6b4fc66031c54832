package routes.load;

import java.time.Duration;

/**
 * How a load is bounded and when a failing cycle is split. Retries and their backoff are Camel's redelivery
 * (routes.yaml, {@code load-retries}).
 *
 * @param statementTimeout server-side limit per statement; default 15 min (a large COPY is one statement)
 * @param isolateAfter     consecutive non-transient failures of a whole cycle before it is split to find the
 *                         batch at fault; default 3 (a part of a split cycle is split again after one failure)
 */
public record LoadSettings(Duration statementTimeout, int isolateAfter) {

    public LoadSettings {
        if (statementTimeout.isNegative()) {
            throw new IllegalArgumentException("statementTimeout must be >= 0 (0 = none)");
        }
        if (isolateAfter < 1) {
            throw new IllegalArgumentException("isolateAfter must be >= 1");
        }
    }

    public static LoadSettings defaults() {
        return new LoadSettings(Duration.ofMinutes(15), 3);
    }

    public LoadSettings withIsolateAfter(int failures) {
        return new LoadSettings(statementTimeout, failures);
    }
}
