package routes.status;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import routes.monitor.HealthEndpoint;

import java.util.Comparator;
import java.util.List;

/**
 * Camel's health checks (routes, Kafka consumers and producers, S3, the warehouse: what
 * /observe/health?exposureLevel=full answers), read
 * by the status timer rather than per page request, because a dependency that hangs makes a check wait for
 * its timeout.
 */
public final class HealthReading {

    /** One check: its id, UP/DOWN/UNKNOWN and, when not UP, its message as the health path serves it (no error text). */
    public record Check(String id, String state, String message) {
    }

    /** Overall UP only when every check is UP; the checks that are not come first. */
    public record Health(String state, List<Check> checks) {
        static final Health UNKNOWN = new Health("UNKNOWN", List.of());

        /** The ids of the checks that are not UP. */
        public List<String> notUp() {
            return checks.stream().filter(c -> !c.state().equals(HealthCheck.State.UP.name())).map(Check::id).toList();
        }
    }

    private final CamelContext context;
    private volatile Health last = Health.UNKNOWN;

    public HealthReading(CamelContext context) {
        this.context = context;
    }

    public void refresh() {
        List<Check> checks = HealthCheckHelper.invoke(context, "full").stream()
                .map(r -> new Check(r.getCheck().getId(), r.getState().name(),
                        r.getState() == HealthCheck.State.UP ? null : HealthEndpoint.servedMessage(r).orElse(null)))
                .sorted(Comparator.comparing((Check c) -> c.state().equals(HealthCheck.State.UP.name())).thenComparing(Check::id))
                .toList();
        boolean up = checks.stream().allMatch(c -> c.state().equals(HealthCheck.State.UP.name()));
        last = new Health(up ? "UP" : "DOWN", checks);
    }

    public Health last() {
        return last;
    }
}
