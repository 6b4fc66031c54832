package routes.load;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Which warehouse failures the loader retries as they are, and which it treats as the batch's fault. */
class TransientErrorsTest {

    static Stream<Arguments> failures() {
        SQLException nextIsTransient = new SQLException("batch failed", "XX000");
        nextIsTransient.setNextException(new SQLException("deadlock detected", "40P01"));
        return Stream.of(
                Arguments.of("connection lost", new SQLException("I/O error", "08006"), true),
                Arguments.of("serialization failure", new SQLException("could not serialize", "40001"), true),
                Arguments.of("deadlock", new SQLException("deadlock detected", "40P01"), true),
                Arguments.of("lock timeout", new SQLException("lock not available", "55P03"), true),
                Arguments.of("admin shutdown", new SQLException("terminating connection", "57P01"), true),
                Arguments.of("too many connections", new SQLException("too many clients", "53300"), true),
                Arguments.of("pool exhausted", new SQLTransientConnectionException("Connection is not available"), true),
                Arguments.of("Redshift 1023 by code", new SQLException("conflict", "XX000", 1023), true),
                Arguments.of("Redshift 1023 by message",
                        new SQLException("ERROR: 1023 DETAIL: Serializable isolation violation on table", "XX000"), true),
                Arguments.of("transient as a cause", new SQLException("wrapped", "XX000", new SQLException("reset", "08003")), true),
                Arguments.of("transient as next exception", nextIsTransient, true),
                Arguments.of("statement timeout", new SQLException("canceling statement due to statement timeout", "57014"), false),
                Arguments.of("bad data", new SQLException("invalid input syntax for type json", "22P02"), false),
                Arguments.of("permission denied", new SQLException("permission denied for table events", "42501"), false),
                Arguments.of("no state", new SQLException("something"), false));
    }

    @ParameterizedTest(name = "{0} -> transient {2}")
    @MethodSource("failures")
    void classifiesTheFailureByStateCodeAndChain(String name, SQLException failure, boolean transientFailure) {
        assertThat(TransientErrors.isTransient(failure)).isEqualTo(transientFailure);
    }
}
