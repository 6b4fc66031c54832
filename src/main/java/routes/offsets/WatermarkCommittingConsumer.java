package routes.offsets;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Kafka consumer camel-kafka polls, wrapped to commit durable watermarks (camel-kafka's client factory hands
 * out this wrapper around the client it would have made: {@link WatermarkConsumerFactory}). Every call here runs on the
 * polling thread, the only thread allowed to use the consumer, so this is where the aggregator's
 * progress (recorded in {@link OffsetWatermarks} from other threads) is turned into commits:
 * <ul>
 *   <li>before each {@code poll} (camel-kafka polls every {@code pollTimeoutMs} even when the topic is idle),
 *       at most once per commit interval;</li>
 *   <li>on revocation, for the revoked partitions, after completing the open groups holding their records (under
 *       the cooperative protocol only the partitions that move are revoked; the others keep their open groups);</li>
 *   <li>on close (route stop), after completing the open groups.</li>
 * </ul>
 * camel-kafka itself commits nothing: the endpoints run with auto-commit off and our own manual-commit factory
 * ({@link RecordCompletions}), which selects its no-op commit manager.
 */
public final class WatermarkCommittingConsumer<K, V> extends ForwardingConsumer<K, V> {

    private static final Logger LOG = LoggerFactory.getLogger(WatermarkCommittingConsumer.class);

    private final OffsetWatermarks watermarks;
    private final long commitIntervalMillis;
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private long lastCommitMillis = System.currentTimeMillis();
    private boolean closed;

    public WatermarkCommittingConsumer(Consumer<K, V> delegate, OffsetWatermarks watermarks, long commitIntervalMillis) {
        super(delegate);
        this.watermarks = watermarks;
        this.commitIntervalMillis = commitIntervalMillis;
    }

    /** The watermarks this consumer commits: {@link RecordCompletions} moves them as its records are done. */
    OffsetWatermarks watermarks() {
        return watermarks;
    }

    @Override
    public ConsumerRecords<K, V> poll(Duration timeout) {
        if (System.currentTimeMillis() - lastCommitMillis >= commitIntervalMillis) {
            commitDurable(assignment());
        }
        return delegate.poll(timeout);
    }

    @Override
    public void subscribe(Collection<String> topics) {
        subscribe(topics, null);
    }

    @Override
    public void subscribe(Pattern pattern) {
        subscribe(pattern, null);
    }

    @Override
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
        delegate.subscribe(topics, new CommitOnRevoke(listener));
    }

    @Override
    public void subscribe(Pattern pattern, ConsumerRebalanceListener listener) {
        delegate.subscribe(pattern, new CommitOnRevoke(listener));
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    @Override
    public void close(Duration timeout) {
        if (!closed) {
            closed = true;
            try {
                watermarks.openWork().flush();
                commitDurable(assignment());
            } catch (RuntimeException e) {
                LOG.warn("group={} final commit on close failed, uncommitted records will be redelivered: {}",
                        watermarks.groupId(), e.toString());
            }
        }
        delegate.close(timeout);
    }

    /** Commits the durable watermark of each partition that moved since the last commit. */
    void commitDurable(Collection<TopicPartition> partitions) {
        lastCommitMillis = System.currentTimeMillis();
        Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
        watermarks.durableOffsets(partitions).forEach((tp, offset) -> {
            Long previous = committed.get(tp);
            if (previous == null || offset > previous) {
                toCommit.put(tp, new OffsetAndMetadata(offset));
            }
        });
        if (toCommit.isEmpty()) {
            return;
        }
        try {
            commitSync(toCommit);
            toCommit.forEach((tp, om) -> {
                committed.put(tp, om.offset());
                watermarks.committed(tp, om.offset());
            });
            LOG.debug("group={} committed {}", watermarks.groupId(), toCommit);
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // The records stay uncommitted and are redelivered to whoever owns the partition next.
            LOG.warn("group={} commit of {} partitions failed: {}", watermarks.groupId(), toCommit.size(), e.toString());
        }
    }

    private final class CommitOnRevoke implements ConsumerRebalanceListener {
        private final ConsumerRebalanceListener camelListener;

        CommitOnRevoke(ConsumerRebalanceListener camelListener) {
            this.camelListener = camelListener;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                // Only the groups holding records of these partitions: under the cooperative protocol the partitions
                // that stay keep their open groups (and their holds) across the rebalance.
                Set<String> holders = watermarks.holders(partitions);
                int flushed = watermarks.openWork().flush(holders, () -> !watermarks.held(partitions));
                commitDurable(partitions);
                watermarks.revoked(partitions);
                partitions.forEach(committed::remove);
                LOG.info("group={} revoked {} flushed_groups={}", watermarks.groupId(), partitions, flushed);
            }
            if (camelListener != null) {
                camelListener.onPartitionsRevoked(partitions);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            watermarks.assigned(partitions);
            if (!partitions.isEmpty()) {
                LOG.info("group={} assigned {}", watermarks.groupId(), partitions);
            }
            if (camelListener != null) {
                camelListener.onPartitionsAssigned(partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Lost partitions already belong to someone else: committing would be wrong, and fails anyway. Their
            // ledgers go (holds released later land on the dropped ledger); the open groups stay, since they may hold
            // records of partitions still owned: written, the lost partitions' records are duplicates the new owner
            // also writes, which the warehouse's event_id dedupe absorbs.
            watermarks.revoked(partitions);
            partitions.forEach(committed::remove);
            LOG.warn("group={} lost {}", watermarks.groupId(), partitions);
            if (camelListener != null) {
                camelListener.onPartitionsLost(partitions);
            }
        }
    }
}
