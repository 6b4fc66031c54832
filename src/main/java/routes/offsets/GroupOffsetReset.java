package routes.offsets;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.config.KafkaClientSecurity;

import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code run --reset}: forgets the committed offsets of the consumer groups this process is about to run, so
 * they re-read their topics from the beginning (the consumers start with {@code auto.offset.reset=earliest}).
 * Kafka refuses while any member of a group is still running, which is what makes it safe to offer.
 * The warehouse stays exactly-once: re-read batches are skipped by the ledger and the event_id dedupe.
 */
public final class GroupOffsetReset {

    private static final Logger LOG = LoggerFactory.getLogger(GroupOffsetReset.class);

    private GroupOffsetReset() {
    }

    public static void reset(String bootstrapServers, KafkaClientSecurity security, Collection<String> groups) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(security.applyTo(properties))) {
            for (String group : groups) {
                try {
                    admin.deleteConsumerGroups(java.util.List.of(group)).all().get(30, TimeUnit.SECONDS);
                    LOG.info("reset: group={} forgot its committed offsets and will re-read from the beginning", group);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof GroupIdNotFoundException) {
                        LOG.info("reset: group={} has no committed offsets", group);
                    } else if (e.getCause() instanceof GroupNotEmptyException) {
                        throw new IllegalStateException("cannot reset group " + group + ": instances of it are still running");
                    } else {
                        throw new IllegalStateException("cannot reset group " + group + ": " + e.getCause(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resetting consumer groups", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer the reset within 30 s", e);
        }
    }
}
