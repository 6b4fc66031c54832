package routes.operate;

import routes.config.PipelineSettings;
import routes.config.Setting;

import java.time.Duration;
import java.time.Instant;

/**
 * The youngest age at which {@code janitor} may take a batch object for an orphan: a batcher may still be sending
 * the object's notification until then. The batcher PUTs the object, then sends the notification to topic B
 * (routes.yaml, batcher-write), and retry-until-durable redelivers a failed send:
 * <pre>
 *   floor = 2 × send timeout + longest pause between sends + pipeline.shutdown.flush-timeout-ms, rounded up to a minute
 *   send timeout  = 120 s: delivery.timeout.ms of the topic-B producer (camel-kafka's default; routes.yaml does not set it)
 *   longest pause = 39 s: retry-until-durable's maximumRedeliveryDelay 30 s × (1 + collisionAvoidanceFactor 0.3)
 * </pre>
 * that is a send that fails, the pause, and a send that succeeds, plus a stopping batcher's last flush: with the
 * defaults 120 + 120 + 39 + 20 s, 5 minutes. Limit: retry-until-durable never gives up while the batcher runs, so
 * topic B unreachable from a batcher for longer than the floor (but reachable from janitor) still leaves an object
 * older than the floor with its notification pending: {@link BatcherProgress} keeps those (the batcher group has
 * not committed past their records).
 */
public record JanitorFloor(Duration value) {

    static final Duration SEND_TIMEOUT = Duration.ofMillis(120_000);
    static final Duration LONGEST_PAUSE = Duration.ofMillis(39_000);

    public static JanitorFloor of(PipelineSettings settings) {
        Duration flush = Duration.ofMillis(settings.getLong(Setting.SHUTDOWN_FLUSH_TIMEOUT_MS));
        Duration bound = SEND_TIMEOUT.multipliedBy(2).plus(LONGEST_PAUSE).plus(flush);
        long minutes = (bound.toSeconds() + 59) / 60;
        return new JanitorFloor(Duration.ofMinutes(minutes));
    }

    /** Refuses an age below the floor, naming the option and the floor. */
    public void check(Duration olderThan) {
        if (olderThan.compareTo(value) < 0) {
            throw new IllegalArgumentException("--older-than " + text(olderThan) + " is below the floor of " + text(value)
                    + ": a batcher may still be sending the notification of a younger object (2 × 120 s send timeout"
                    + " + 39 s retry pause + pipeline.shutdown.flush-timeout-ms)");
        }
    }

    /** What is older than {@code olderThan} by the S3 server's own clock, the one its LastModified times come from. */
    public Instant cutoff(Instant s3Now, Duration olderThan) {
        check(olderThan);
        return s3Now.minus(olderThan);
    }

    static String text(Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0 && s > 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0 && s > 0) {
            return s / 3_600 + "h";
        }
        return s % 60 == 0 && s > 0 ? s / 60 + "m" : s + "s";
    }
}
