package routes.offsets;

import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * What a consumer group holds in memory between its records and the durable point (an aggregator's open groups),
 * as the group's watermarks need it: implemented by the aggregator's controller (routes.yaml's
 * {@code aggregateController}), which Camel hands the aggregator on every start, a route reload included.
 */
public interface OpenWork {

    /**
     * Completes every open group and waits (bounded) until the completions in flight are durable or failed; on the
     * polling thread, before the watermarks of revoked partitions or of a closing consumer are committed.
     */
    void flush();

    /**
     * Completes the named open groups (those holding records of partitions being revoked: under Kafka's cooperative
     * protocol only the partitions that move, so the groups of the partitions that stay keep filling) and waits
     * (bounded) until {@code durable} holds, on the polling thread; returns how many groups it completed. A group
     * may also hold records of partitions that stay: completing it early is harmless, its holds go when it is written.
     */
    default int flush(Set<String> groups, BooleanSupplier durable) {
        flush();
        return groups.size();
    }

    /** A record of the group was routed (its exchange is done), on the polling thread. */
    default void afterRecord() {
    }

    /** No open work: a group whose records are durable when routed. */
    OpenWork NONE = () -> { };
}
