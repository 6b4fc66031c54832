package routes.monitor;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A readiness check of one outside dependency (S3, the warehouse): a cheap probe that must answer within
 * a timeout. The probe runs on its own thread, so a dependency that hangs (a connection pool waiting for a
 * dead database) makes the check DOWN after the timeout instead of blocking the health endpoint; while a
 * hung probe is still running, the next calls wait on it rather than pile up new ones. Not a liveness
 * check: a dependency that is down is a reason to stop sending traffic, not to restart this process. The probe's
 * thread is the Camel context's ({@link ContextThreadPools}; set the context before the first call).
 */
public final class DependencyHealthCheck extends AbstractHealthCheck {

    /** Checks the dependency; returns a short description of what answered, throws when it did not. */
    @FunctionalInterface
    public interface Probe {
        String check() throws Exception;
    }

    private final Probe probe;
    private final Duration timeout;
    private ExecutorService executor;
    private Future<String> inFlight;

    public DependencyHealthCheck(String id, Probe probe, Duration timeout) {
        super("pipeline", id);
        this.probe = probe;
        this.timeout = timeout;
    }

    /** S3 answers HEAD on the bucket (exists and our credentials may use it). */
    public static DependencyHealthCheck s3(S3Client s3, String bucket, Duration timeout) {
        return new DependencyHealthCheck("s3", () -> {
            s3.headBucket(HeadBucketRequest.builder().bucket(bucket)
                    .overrideConfiguration(c -> c.apiCallTimeout(timeout)).build());
            return "bucket " + bucket;
        }, timeout);
    }

    /** The warehouse hands out a connection that passes {@link Connection#isValid}. */
    public static DependencyHealthCheck warehouse(DataSource dataSource, Duration timeout) {
        return new DependencyHealthCheck("warehouse", () -> {
            try (Connection connection = dataSource.getConnection()) {
                if (!connection.isValid((int) Math.max(1, timeout.toSeconds()))) {
                    throw new IllegalStateException("connection is not valid");
                }
                return connection.getMetaData().getDatabaseProductName();
            }
        }, timeout);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Future<String> running = start();
        try {
            String answer = running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            builder.detail("dependency", answer).up();
        } catch (TimeoutException e) {
            builder.message("no answer within " + timeout.toMillis() + " ms").down();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            builder.message(cause.getClass().getSimpleName() + ": " + cause.getMessage()).error(cause).down();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            builder.message("interrupted").down();
        }
    }

    private synchronized Future<String> start() {
        if (executor == null) {
            executor = ContextThreadPools.single(getCamelContext(), this, "health-" + getId());
        }
        if (inFlight == null || inFlight.isDone()) {
            inFlight = executor.submit(probe::check);
        }
        return inFlight;
    }

    public synchronized void close() {
        if (executor != null) {
            getCamelContext().getExecutorServiceManager().shutdownNow(executor);
        }
    }
}
