package routes.local;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.List;

/**
 * The Kafka ACLs of docs/security.md ("Kafka ACLs"), as bindings for one set of topic and group names: exactly
 * these and nothing more, so a test on a broker that denies everything else proves the table is enough.
 *
 * @param events     topic A
 * @param batches    topic B
 * @param dlq        the dead-letter topic
 * @param batcherGroup the batcher's consumer group
 * @param loaderGroup  the loader's consumer group
 */
public record KafkaRoleAcls(String events, String batches, String dlq, String batcherGroup, String loaderGroup) {

    /** Reads topic A, writes topic B and the DLQ. */
    public List<AclBinding> batcher(String principal) {
        List<AclBinding> acls = new ArrayList<>();
        topic(acls, principal, events, AclOperation.READ, AclOperation.DESCRIBE);
        topic(acls, principal, batches, AclOperation.WRITE, AclOperation.DESCRIBE);
        topic(acls, principal, dlq, AclOperation.WRITE, AclOperation.DESCRIBE);
        group(acls, principal, batcherGroup, AclOperation.READ);
        return acls;
    }

    /** Reads topic B, writes the DLQ. */
    public List<AclBinding> loader(String principal) {
        List<AclBinding> acls = new ArrayList<>();
        topic(acls, principal, batches, AclOperation.READ, AclOperation.DESCRIBE);
        topic(acls, principal, dlq, AclOperation.WRITE, AclOperation.DESCRIBE);
        group(acls, principal, loaderGroup, AclOperation.READ);
        return acls;
    }

    /** The apps: write topic A. */
    public List<AclBinding> app(String principal) {
        List<AclBinding> acls = new ArrayList<>();
        topic(acls, principal, events, AclOperation.WRITE, AclOperation.DESCRIBE);
        return acls;
    }

    /** Operators: see the topics and the groups' offsets, change nothing. */
    public List<AclBinding> operator(String principal) {
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : List.of(events, batches, dlq)) {
            topic(acls, principal, topic, AclOperation.DESCRIBE);
        }
        group(acls, principal, batcherGroup, AclOperation.DESCRIBE);
        group(acls, principal, loaderGroup, AclOperation.DESCRIBE);
        return acls;
    }

    private static void topic(List<AclBinding> acls, String principal, String topic, AclOperation... operations) {
        add(acls, principal, new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), operations);
    }

    private static void group(List<AclBinding> acls, String principal, String group, AclOperation... operations) {
        add(acls, principal, new ResourcePattern(ResourceType.GROUP, group, PatternType.LITERAL), operations);
    }

    private static void add(List<AclBinding> acls, String principal, ResourcePattern resource, AclOperation... operations) {
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(resource, new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW)));
        }
    }
}
