package routes.load;

import routes.contract.Warehouse;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.contract.BatchNotification;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static routes.load.FailureClass.Kind.CONTENT;
import static routes.load.FailureClass.Kind.ENVIRONMENT;
import static routes.load.FailureClass.Kind.TRANSIENT;
import static routes.load.FailureClass.Kind.UNKNOWN;

/** The one classification of a failed load, both dialects: one row per SQLState, text or exception type. */
class FailureClassTest {

    private static final Warehouse PG = Warehouse.POSTGRESQL;
    private static final Warehouse RS = Warehouse.REDSHIFT;

    static Stream<Arguments> failures() {
        SQLException deadlockNext = new SQLException("batch failed", "XX000");
        deadlockNext.setNextException(new SQLException("deadlock detected", "40P01"));
        return Stream.of(
                // transient, as before
                row("connection lost", PG, new SQLException("I/O error", "08006"), TRANSIENT, "transient"),
                row("serialization failure", PG, new SQLException("could not serialize", "40001"), TRANSIENT, "transient"),
                row("deadlock", PG, new SQLException("deadlock detected", "40P01"), TRANSIENT, "transient"),
                row("pool exhausted", PG, new SQLTransientConnectionException("Connection is not available"), TRANSIENT, "transient"),
                row("Redshift 1023", RS, new SQLException("ERROR: 1023 DETAIL: Serializable isolation violation on table", "XX000"),
                        TRANSIENT, "transient"),
                row("Redshift deadlock as next exception", RS, deadlockNext, TRANSIENT, "transient"),
                row("store read blip", PG, new SQLTransientException("object store read failed: IOException"), TRANSIENT, "transient"),
                // environment: the table pauses
                row("privilege", PG, new SQLException("permission denied for table events", "42501"), ENVIRONMENT, "privilege"),
                row("privilege wrapped by the merge step", PG,
                        new LoadStepException("merge", new SQLException("permission denied for table events", "42501")),
                        ENVIRONMENT, "privilege"),
                row("dropped table", PG, new SQLException("relation \"public.events\" does not exist", "42P01"), ENVIRONMENT, "missing_relation"),
                row("dropped schema", PG, new SQLException("schema \"x\" does not exist", "3F000"), ENVIRONMENT, "missing_relation"),
                row("disk full", PG, new SQLException("could not extend file", "53100"), ENVIRONMENT, "resources"),
                row("out of memory", PG, new SQLException("out of memory", "53200"), ENVIRONMENT, "resources"),
                row("too many connections", PG, new SQLException("too many clients", "53300"), ENVIRONMENT, "resources"),
                row("configuration limit", PG, new SQLException("out of shared memory", "53400"), ENVIRONMENT, "resources"),
                row("cancel by user", PG, new SQLException("ERROR: canceling statement due to user request", "57014"),
                        ENVIRONMENT, "cancelled"),
                row("admin shutdown", PG, new SQLException("terminating connection due to administrator command", "57P01"),
                        ENVIRONMENT, "server_shutdown"),
                row("crash shutdown", PG, new SQLException("terminating connection", "57P02"), ENVIRONMENT, "server_shutdown"),
                row("cannot connect now", RS, new SQLException("the database system is starting up", "57P03"), ENVIRONMENT, "server_shutdown"),
                row("I/O error", PG, new SQLException("could not read block", "58030"), ENVIRONMENT, "io_error"),
                row("PostgreSQL internal error", PG, new SQLException("cache lookup failed", "XX000"), ENVIRONMENT, "internal_error"),
                row("lock timeout", PG, new SQLException("canceling statement due to lock timeout", "55P03"), ENVIRONMENT, "lock_timeout"),
                row("COPY reading S3: access denied", RS, new SQLException("S3ServiceException:Access Denied,Status 403,Error AccessDenied,"
                        + " url s3://event-logs/events/b1.ndjson.gz", "XX000"), ENVIRONMENT, "s3_access_denied"),
                row("COPY reading S3: throttled", RS, new SQLException("S3ServiceException:Please reduce your request rate.,Status 503,"
                        + "Error SlowDown s3://event-logs/events/b1.ndjson.gz", "XX000"), ENVIRONMENT, "s3_throttled"),
                row("COPY reading S3: server error", RS, new SQLException("S3ServiceException:We encountered an internal error,"
                        + "Status 500,Error InternalError s3://event-logs/x", "XX000"), ENVIRONMENT, "s3_unavailable"),
                row("COPY reading S3: KMS", RS, new SQLException("S3ServiceException:The ciphertext refers to a customer master key"
                        + " that does not exist (Service: AWSKMS; Status Code: 400)", "XX000"), ENVIRONMENT, "kms"),
                row("HEAD answered 403", RS, new SQLException("object store refused a HEAD",
                        new ObjectStoreRefusedException("HEAD", 403, "AccessDenied")), ENVIRONMENT, "s3_access_denied"),
                row("HEAD answered 503", RS, new SQLException("object store refused a HEAD",
                        new ObjectStoreRefusedException("HEAD", 503, "SlowDown")), ENVIRONMENT, "s3_throttled"),
                row("GET answered 500", PG, new LoadStepException("stage", new SQLException("object store refused a read",
                        new ObjectStoreRefusedException("GET", 500, "InternalError"))), ENVIRONMENT, "s3_unavailable"),
                row("route stopped over JMX", PG, new DirectConsumerNotAvailableException("No consumers available on endpoint", null),
                        ENVIRONMENT, "stopped"),
                row("loader stopping", PG, new RejectedExecutionException("Redelivery not allowed while stopping"), ENVIRONMENT, "stopped"),
                // content: the batch's own data
                row("invalid json", PG, new SQLException("invalid input syntax for type json", "22P02"), CONTENT, "data_exception"),
                row("untranslatable character", PG, new SQLException("unsupported Unicode escape sequence", "22P05"), CONTENT, "data_exception"),
                row("not null", PG, new SQLException("null value in column", "23502"), CONTENT, "integrity"),
                row("staged rows differ", RS, new LoadStepException("stage", new StagedContentException("COPY staged 2 rows")),
                        CONTENT, "data_exception"),
                row("object missing (404)", PG, new ObjectNotFoundException("object not found"), CONTENT, "content"),
                row("size or sha mismatch", PG, new BatchContentException("sha256 mismatch"), CONTENT, "content"),
                row("a load error row names the batch", RS, new BatchRejectedException(batch(), "COPY failed on s3://…"), CONTENT, "content"),
                // unknown: split, convicted only by comparison
                row("statement timeout (PostgreSQL)", PG, new SQLException("canceling statement due to statement timeout", "57014"),
                        UNKNOWN, FailureClass.TIMEOUT),
                row("57014 on Redshift (timeout and cancel read alike)", RS, new SQLException("Query (1234) cancelled on user's request",
                        "57014"), UNKNOWN, FailureClass.TIMEOUT),
                row("raise exception in a trigger", PG, new SQLException("poisoned event", "P0001"), UNKNOWN, "unknown"),
                row("Redshift server error without S3 text", RS, new SQLException("Load into table 'x' failed. Check"
                        + " 'sys_load_error_detail' system table for details.", "XX000"), UNKNOWN, "unknown"),
                row("a mandatory manifest entry missing names the URL, not S3", RS, new SQLException("Load into table failed.\n"
                        + " DETAIL: error: mandatory url=s3://event-logs/x.gz is not present\n code: 8001", "XX000"), UNKNOWN, "unknown"),
                row("no state", PG, new SQLException("something"), UNKNOWN, "unknown"),
                row("a bug", PG, new IllegalStateException("unexpected"), UNKNOWN, "unknown"));
    }

    @ParameterizedTest(name = "{0} ({1}) -> {3} {4}")
    @MethodSource("failures")
    void classifiesEachFailureTheSameWayForBothDialects(String name, Warehouse dialect, Throwable failure,
                                                       FailureClass.Kind kind, String reason) {
        FailureClass why = FailureClass.of(failure, dialect);

        assertThat(why.kind()).isEqualTo(kind);
        assertThat(why.reason()).isEqualTo(reason);
    }

    private static Arguments row(String name, Warehouse dialect, Throwable failure, FailureClass.Kind kind, String reason) {
        return Arguments.of(name, dialect, failure, kind, reason);
    }

    private static BatchNotification batch() {
        return new BatchNotification("b1", "payroll.run", "public.events", "event-logs", "events/b1.ndjson.gz", 1, 10,
                "0".repeat(64), "2026-12-01T00:00:00Z", "2026-12-01T00:00:00Z", List.of(), "2026-12-01T00:00:00Z");
    }
}
