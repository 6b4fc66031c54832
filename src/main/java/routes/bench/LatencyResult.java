package routes.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * End-to-end latency at a fixed rate: produce time (carried in the event id) to the moment the row's load
 * was seen committed, in milliseconds, plus the same against {@code loaded_at} (the load transaction's
 * start) and against {@code occurred_at} (which includes the generator's simulated late events).
 *
 * @param split where the time goes: component name to a short figure, e.g. {@code "mean 41 ms, max 230 ms"}
 */
public record LatencyResult(int rate, long events, double p50, double p95, double p99, double max,
                            double loadedAtP99, double occurredAtP99, Map<String, String> split) {

    public LatencyResult {
        split = new LinkedHashMap<>(split);
    }

    static LatencyResult none() {
        return new LatencyResult(0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Map.of());
    }
}
