package routes.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Map.entry;
import static routes.deploy.RequiredAction.on;
import static routes.deploy.RequiredAction.onType;

/**
 * The IAM actions behind the AWS SDK, Kafka client and JDBC calls the code makes. A call this table does not know
 * is an error, not a pass: a new call has to be looked up and added here, so the policies follow the code.
 * <ul>
 * <li>S3: each operation's "Permissions" section of the Amazon S3 API Reference (e.g. HeadBucket needs
 * {@code s3:ListBucket}, https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html; HeadObject needs
 * {@code s3:GetObject}, and {@code s3:ListBucket} for a missing key to answer 404 rather than 403,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html); multipart upload operations need
 * {@code s3:PutObject}, aborting one {@code s3:AbortMultipartUpload}
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html, "Multipart upload API and permissions").</li>
 * <li>SSE-KMS: a PUT needs {@code kms:GenerateDataKey}; a multipart upload also {@code kms:Decrypt}, and reading
 * an object back {@code kms:Decrypt} (https://repost.aws/knowledge-center/s3-large-file-encryption-kms-key).</li>
 * <li>Kafka on MSK with IAM: each client call's Kafka API and the ACL it needs (Kafka's authorizer; group APIs in
 * KIP-231), mapped to the {@code kafka-cluster:} action MSK documents as that ACL's equivalent
 * (https://docs.aws.amazon.com/msk/latest/developerguide/kafka-actions.html). Every Kafka client connects
 * ({@code Connect}); producers are idempotent (Kafka 3.0+'s default, and set in routes.yaml and OperateKafka), which
 * MSK authorizes as {@code WriteDataIdempotently} on the cluster.</li>
 * <li>JDBC with a {@code jdbc:redshift:iam://} URL: {@code redshift:GetClusterCredentials} or
 * {@code redshift-serverless:GetCredentials} at each connect (docs/redshift.md, 1.7).</li>
 * </ul>
 */
final class AwsActionsOfCalls {

    private static final String S3 = "software/amazon/awssdk/services/s3/S3Client.";
    private static final String KAFKA = "org/apache/kafka/clients/";
    private static final Set<String> JDBC_CONNECTS = Set.of("javax/sql/DataSource.getConnection",
            "com/zaxxer/hikari/HikariDataSource.getConnection", "java/sql/DriverManager.getConnection");
    /** The SDK call that makes a PUT SSE-KMS (routes.s3.ObjectEncryption and preflight's canaries). */
    static final String SSE_KMS_PUT = "software/amazon/awssdk/services/s3/model/PutObjectRequest$Builder.serverSideEncryption";

    private static final Set<String> NO_REQUEST = Set.of("builder", "create", "close", "serviceName", "utilities",
            "serviceClientConfiguration", "<init>", "wakeup", "assignment", "subscription", "paused", "pause", "resume",
            "metrics", "unsubscribe", "flush", "groupMetadata", "enforceRebalance", "clientInstanceId",
            "currentLag"); // Consumer#currentLag: from the fetch state, never a remote call (its javadoc)

    private enum On { BUCKET, BUCKET_NO_CONDITION, OBJECT, CLUSTER, TOPIC, GROUP }

    private record Grant(String action, On on) {
    }

    private static final Map<String, List<Grant>> S3_CALLS = Map.ofEntries(
            entry("putObject", List.of(new Grant("s3:PutObject", On.OBJECT))),
            entry("getObject", List.of(new Grant("s3:GetObject", On.OBJECT))),
            entry("getObjectAsBytes", List.of(new Grant("s3:GetObject", On.OBJECT))),
            entry("headObject", List.of(new Grant("s3:GetObject", On.OBJECT), new Grant("s3:ListBucket", On.BUCKET))),
            entry("headBucket", List.of(new Grant("s3:ListBucket", On.BUCKET_NO_CONDITION))),
            entry("listObjectsV2", List.of(new Grant("s3:ListBucket", On.BUCKET))),
            entry("listObjectsV2Paginator", List.of(new Grant("s3:ListBucket", On.BUCKET))),
            entry("deleteObject", List.of(new Grant("s3:DeleteObject", On.OBJECT))),
            entry("getBucketLocation", List.of(new Grant("s3:GetBucketLocation", On.BUCKET))),
            entry("getBucketLifecycleConfiguration", List.of(new Grant("s3:GetLifecycleConfiguration", On.BUCKET))),
            entry("createMultipartUpload", List.of(new Grant("s3:PutObject", On.OBJECT))),
            entry("uploadPart", List.of(new Grant("s3:PutObject", On.OBJECT))),
            entry("completeMultipartUpload", List.of(new Grant("s3:PutObject", On.OBJECT))),
            entry("abortMultipartUpload", List.of(new Grant("s3:AbortMultipartUpload", On.OBJECT))));

    private static final List<Grant> READ = List.of(new Grant("kafka-cluster:ReadData", On.TOPIC),
            new Grant("kafka-cluster:DescribeTopic", On.TOPIC));
    private static final List<Grant> DESCRIBE_TOPIC = List.of(new Grant("kafka-cluster:DescribeTopic", On.TOPIC));
    private static final List<Grant> JOIN_GROUP = List.of(new Grant("kafka-cluster:AlterGroup", On.GROUP),
            new Grant("kafka-cluster:DescribeGroup", On.GROUP));
    private static final List<Grant> WRITE = List.of(new Grant("kafka-cluster:WriteData", On.TOPIC),
            new Grant("kafka-cluster:DescribeTopic", On.TOPIC), new Grant("kafka-cluster:WriteDataIdempotently", On.CLUSTER));

    private static final Map<String, List<Grant>> KAFKA_CALLS = Map.ofEntries(
            // consumers: Fetch (READ topic), Metadata/ListOffsets (DESCRIBE topic), JoinGroup/SyncGroup/OffsetCommit (READ group)
            entry("poll", READ),
            entry("subscribe", JOIN_GROUP),
            entry("commitSync", JOIN_GROUP),
            entry("commitAsync", JOIN_GROUP),
            entry("committed", List.of(new Grant("kafka-cluster:DescribeGroup", On.GROUP))),
            entry("assign", DESCRIBE_TOPIC),
            entry("seek", DESCRIBE_TOPIC),
            entry("seekToBeginning", DESCRIBE_TOPIC),
            entry("seekToEnd", DESCRIBE_TOPIC),
            entry("position", DESCRIBE_TOPIC),
            entry("endOffsets", DESCRIBE_TOPIC),
            entry("beginningOffsets", DESCRIBE_TOPIC),
            entry("offsetsForTimes", DESCRIBE_TOPIC),
            entry("partitionsFor", DESCRIBE_TOPIC),
            entry("listTopics", DESCRIBE_TOPIC),
            // producers: Produce (WRITE topic), idempotent: InitProducerId (IDEMPOTENT_WRITE cluster)
            entry("send", WRITE),
            // admin: OffsetFetch (DESCRIBE group + topic), ListOffsets, DescribeGroups, DeleteGroups (DELETE group)
            entry("listConsumerGroupOffsets", List.of(new Grant("kafka-cluster:DescribeGroup", On.GROUP),
                    new Grant("kafka-cluster:DescribeTopic", On.TOPIC))),
            entry("listOffsets", DESCRIBE_TOPIC),
            entry("describeTopics", DESCRIBE_TOPIC),
            entry("describeConsumerGroups", List.of(new Grant("kafka-cluster:DescribeGroup", On.GROUP))),
            entry("deleteConsumerGroups", List.of(new Grant("kafka-cluster:DeleteGroup", On.GROUP))),
            // answered from metadata; DESCRIBE CLUSTER granted so that preflight may also ask for the cluster's ACL view
            entry("describeCluster", List.of(new Grant("kafka-cluster:DescribeCluster", On.CLUSTER))));

    private AwsActionsOfCalls() {
    }

    /**
     * What these calls (as {@link ClassFileReferences#methods()} names them) need. {@code warehouse}: whether the
     * role's JDBC connections are its own (the IAM URL signs them with its role).
     */
    static List<RequiredAction> of(Set<String> calls, boolean warehouse) {
        List<RequiredAction> out = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        boolean reads = false;
        boolean kafka = false;
        for (String call : calls) {
            String method = call.substring(call.lastIndexOf('.') + 1);
            if (call.startsWith(S3) && !NO_REQUEST.contains(method)) {
                List<Grant> grants = S3_CALLS.get(method);
                if (grants == null) {
                    unknown.add(call);
                    continue;
                }
                grants.forEach(g -> out.add(required(g, call)));
                reads |= method.startsWith("getObject");
            } else if (isKafkaClient(call) && !NO_REQUEST.contains(method)) {
                List<Grant> grants = KAFKA_CALLS.get(method);
                if (grants == null) {
                    unknown.add(call);
                    continue;
                }
                grants.forEach(g -> out.add(required(g, call)));
                kafka = true;
            } else if (JDBC_CONNECTS.contains(call) && warehouse) {
                out.add(onType("redshift:GetClusterCredentials", AwsArns.REDSHIFT_DBUSER, call + " with a jdbc:redshift:iam:// URL"));
                out.add(onType("redshift:GetClusterCredentials", AwsArns.REDSHIFT_DBNAME, call + " with a jdbc:redshift:iam:// URL"));
                out.add(onType("redshift-serverless:GetCredentials", AwsArns.REDSHIFT_WORKGROUP, call + " to a Serverless workgroup"));
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("no IAM action known for " + unknown + ": look it up (AWS API reference"
                    + " \"Permissions\", MSK kafka-actions) and add it to AwsActionsOfCalls");
        }
        if (calls.contains(SSE_KMS_PUT)) {
            out.add(on("kms:GenerateDataKey", AwsArns.KMS_KEY, "SSE-KMS PutObject"));
        }
        if (reads) {
            out.add(on("kms:Decrypt", AwsArns.KMS_KEY, "GetObject of objects written with SSE-KMS"));
        }
        if (kafka) {
            out.add(on("kafka-cluster:Connect", AwsArns.MSK_CLUSTER, "every Kafka client"));
        }
        return out;
    }

    private static RequiredAction required(Grant g, String because) {
        return switch (g.on()) {
            case BUCKET -> on(g.action(), AwsArns.BUCKET, because);
            case BUCKET_NO_CONDITION -> on(g.action(), AwsArns.BUCKET, because).withoutCondition();
            case OBJECT -> onType(g.action(), AwsArns.OBJECTS, because);
            case CLUSTER -> on(g.action(), AwsArns.MSK_CLUSTER, because);
            case TOPIC -> onType(g.action(), AwsArns.MSK_TOPICS, because);
            case GROUP -> onType(g.action(), AwsArns.MSK_GROUPS, because);
        };
    }

    private static boolean isKafkaClient(String call) {
        return call.startsWith(KAFKA + "consumer/KafkaConsumer.") || call.startsWith(KAFKA + "consumer/Consumer.")
                || call.startsWith(KAFKA + "producer/KafkaProducer.") || call.startsWith(KAFKA + "producer/Producer.")
                || call.startsWith(KAFKA + "admin/Admin.") || call.startsWith(KAFKA + "admin/AdminClient.")
                || call.startsWith(KAFKA + "admin/KafkaAdminClient.");
    }
}
