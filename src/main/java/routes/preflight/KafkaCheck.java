package routes.preflight;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.config.PipelineSettings;
import routes.config.Setting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Kafka as the routes will meet it: brokers reachable with the configured security, topics A, B and the DLQ
 * present (partitions, replication), what this client may do on each (the brokers' own answer, which reflects
 * the ACLs), the consumer groups' state and lag, and, only when asked, one canary record on the DLQ.
 */
public final class KafkaCheck implements PreflightCheck {

    static final List<String> TOPIC_SETTINGS = List.of(Setting.KAFKA_TOPIC_EVENTS, Setting.KAFKA_TOPIC_BATCHES,
            Setting.KAFKA_TOPIC_DLQ);
    private static final Logger LOG = LoggerFactory.getLogger(KafkaCheck.class);
    static final int TIMEOUT_MS = 10_000;

    private final PipelineSettings settings;
    private final PreflightRole role;
    private final boolean writeCanary;

    public KafkaCheck(PipelineSettings settings, PreflightRole role, boolean writeCanary) {
        this.settings = settings;
        this.role = role;
        this.writeCanary = writeCanary;
    }

    @Override
    public List<CheckResult> run() {
        List<CheckResult> lines = new ArrayList<>();
        String servers = settings.get(Setting.KAFKA_BOOTSTRAP_SERVERS);
        try (Admin admin = Admin.create(KafkaClientProperties.of(settings, "event-pipeline-preflight", TIMEOUT_MS))) {
            try {
                DescribeClusterResult cluster = admin.describeCluster();
                int brokers = cluster.nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).size();
                lines.add(CheckResult.pass("kafka.brokers", brokers + " broker(s) at " + servers + ", cluster "
                        + cluster.clusterId().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)));
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("describeCluster failed", e);
                lines.add(CheckResult.fail("kafka.brokers", "no broker answered at " + servers + " within "
                                + TIMEOUT_MS / 1000 + " s (" + Failures.describe(e) + ")",
                        "check pipeline.kafka.bootstrap-servers and pipeline.kafka.security-protocol"));
                return lines;
            }
            Map<String, TopicDescription> topics = new LinkedHashMap<>();
            for (String key : TOPIC_SETTINGS) {
                lines.add(topic(admin, key, topics));
            }
            lines.add(permissions(topics));
            for (GroupRole g : groups()) {
                lines.add(group(admin, g));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lines.add(CheckResult.fail("kafka", "interrupted", "run preflight again"));
            return lines;
        } catch (RuntimeException e) {
            LOG.debug("Kafka check failed", e);
            lines.add(CheckResult.fail("kafka", Failures.describe(e), "check pipeline.kafka.bootstrap-servers"));
            return lines;
        }
        if (writeCanary) {
            lines.add(new DlqCanary(settings).write());
        }
        return lines;
    }

    private CheckResult topic(Admin admin, String key, Map<String, TopicDescription> found) throws InterruptedException {
        String name = settings.get(key);
        String check = "kafka.topic." + key.substring(key.lastIndexOf('.') + 1);
        try {
            TopicDescription d = admin.describeTopics(List.of(name), new DescribeTopicsOptions().includeAuthorizedOperations(true))
                    .topicNameValues().get(name).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            found.put(key, d);
            int replicas = d.partitions().get(0).replicas().size();
            String saw = name + ": " + d.partitions().size() + " partition(s), replication " + replicas;
            return replicas < 2 ? CheckResult.warn(check, saw, "one replica loses data with its broker: fine for local, use 3 in production")
                    : CheckResult.pass(check, saw);
        } catch (ExecutionException e) {
            LOG.debug("describeTopics {} failed", name, e);
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return CheckResult.fail(check, "topic " + name + " does not exist",
                        "create it, or set " + key + " (" + PipelineSettings.environmentName(key) + ")");
            }
            if (e.getCause() instanceof AuthorizationException) {
                return CheckResult.fail(check, "not allowed to describe topic " + name,
                        "grant DESCRIBE on " + name + " to this principal, or check " + key);
            }
            return CheckResult.fail(check, name + ": " + Failures.describe(e), "check " + key);
        } catch (TimeoutException e) {
            return CheckResult.fail(check, name + ": no answer within " + TIMEOUT_MS / 1000 + " s",
                    "check pipeline.kafka.bootstrap-servers");
        }
    }

    /** The operations this role needs on each topic, against what the brokers say this principal may do. */
    private CheckResult permissions(Map<String, TopicDescription> topics) {
        Map<String, Set<AclOperation>> needed = new LinkedHashMap<>();
        if (role.batches()) {
            needed.computeIfAbsent(Setting.KAFKA_TOPIC_EVENTS, k -> new java.util.TreeSet<>()).add(AclOperation.READ);
            needed.computeIfAbsent(Setting.KAFKA_TOPIC_BATCHES, k -> new java.util.TreeSet<>()).add(AclOperation.WRITE);
        }
        if (role.loads()) {
            needed.computeIfAbsent(Setting.KAFKA_TOPIC_BATCHES, k -> new java.util.TreeSet<>()).add(AclOperation.READ);
        }
        needed.computeIfAbsent(Setting.KAFKA_TOPIC_DLQ, k -> new java.util.TreeSet<>()).add(AclOperation.WRITE);
        List<String> missing = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        needed.forEach((key, ops) -> {
            TopicDescription d = topics.get(key);
            if (d == null) {
                return; // its own line already failed
            }
            Set<AclOperation> allowed = d.authorizedOperations();
            if (allowed == null) {
                unknown.add(d.name());
            } else {
                ops.stream().filter(op -> !allowed.contains(op) && !allowed.contains(AclOperation.ALL))
                        .forEach(op -> missing.add(op + " on " + d.name()));
            }
        });
        if (!missing.isEmpty()) {
            return CheckResult.fail("kafka.permissions", "not allowed: " + String.join(", ", missing),
                    "add ACLs for this principal (or fix pipeline.kafka.topic.*)");
        }
        if (!unknown.isEmpty()) {
            return CheckResult.warn("kafka.permissions", "brokers did not report allowed operations for " + unknown,
                    "pass --write-canary to prove writes to the DLQ");
        }
        String summary = needed.entrySet().stream().filter(e -> topics.containsKey(e.getKey()))
                .map(e -> e.getValue() + " on " + topics.get(e.getKey()).name()).collect(Collectors.joining(", "));
        return CheckResult.pass("kafka.permissions", "allowed: " + summary);
    }

    private record GroupRole(String groupSetting, String topicSetting) {
    }

    private List<GroupRole> groups() {
        List<GroupRole> groups = new ArrayList<>();
        if (role.batches()) {
            groups.add(new GroupRole(Setting.KAFKA_GROUP_BATCHER, Setting.KAFKA_TOPIC_EVENTS));
        }
        if (role.loads()) {
            groups.add(new GroupRole(Setting.KAFKA_GROUP_LOADER, Setting.KAFKA_TOPIC_BATCHES));
        }
        return groups;
    }

    private CheckResult group(Admin admin, GroupRole g) throws InterruptedException {
        String group = settings.get(g.groupSetting());
        String topic = settings.get(g.topicSetting());
        String check = "kafka.group." + g.groupSetting().substring(g.groupSetting().lastIndexOf('.') + 1);
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group), new DescribeConsumerGroupsOptions())
                    .describedGroups().get(group).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> ends = committed.keySet().stream().filter(tp -> tp.topic().equals(topic))
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            long lag = 0;
            if (!ends.isEmpty()) {
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest =
                        admin.listOffsets(ends).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                for (TopicPartition tp : ends.keySet()) {
                    OffsetAndMetadata c = committed.get(tp);
                    lag += c == null ? 0 : Math.max(0, latest.get(tp).offset() - c.offset());
                }
            }
            String saw = group + ": state " + d.state() + ", " + d.members().size() + " member(s), "
                    + (ends.isEmpty() ? "no committed offsets on " + topic + " yet (starts from the earliest record)"
                    : "lag " + lag + " on " + topic + " over " + ends.size() + " partition(s)");
            return CheckResult.pass(check, saw);
        } catch (ExecutionException e) {
            LOG.debug("describe group {} failed", group, e);
            if (e.getCause() instanceof AuthorizationException) {
                return CheckResult.fail(check, "not allowed to describe group " + group,
                        "grant DESCRIBE and READ on group " + group + " (or set " + g.groupSetting() + ")");
            }
            return CheckResult.fail(check, group + ": " + Failures.describe(e), "check " + g.groupSetting());
        } catch (TimeoutException e) {
            return CheckResult.fail(check, group + ": no answer within " + TIMEOUT_MS / 1000 + " s",
                    "check pipeline.kafka.bootstrap-servers");
        }
    }
}
