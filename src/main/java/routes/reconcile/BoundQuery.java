package routes.reconcile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;

/** SQL text built only from validated identifiers, and the values bound to its {@code ?}, in order. */
public record BoundQuery(String sql, List<Object> parameters) {

    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    public BoundQuery {
        parameters = List.copyOf(parameters);
        long marks = sql.chars().filter(c -> c == '?').count();
        if (marks != parameters.size()) {
            throw new IllegalStateException(marks + " placeholders but " + parameters.size() + " values");
        }
    }

    PreparedStatement prepare(Connection c, int timeoutSeconds) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        ps.setQueryTimeout(timeoutSeconds);
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            if (value instanceof Instant instant) {
                ps.setTimestamp(i + 1, Timestamp.from(instant), Calendar.getInstance(UTC));
            } else if (value instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, (String) value);
            }
        }
        return ps;
    }

    /** Appends text and values side by side so that their order cannot drift apart. */
    static final class Builder {
        private final StringBuilder sql = new StringBuilder();
        private final List<Object> parameters = new ArrayList<>();

        Builder sql(String text) {
            sql.append(text);
            return this;
        }

        Builder bind(String text, Object... values) {
            sql.append(text);
            parameters.addAll(List.of(values));
            return this;
        }

        BoundQuery build() {
            return new BoundQuery(sql.toString(), parameters);
        }
    }
}
