package routes.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.config.PipelineSettings;
import routes.config.RunRequirements;
import routes.config.Setting;
import routes.contract.DeadLetterObjects;
import routes.load.RedshiftCopyStatements;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * deploy/aws's policies against the code: for each role, every AWS API its code can call (read from the compiled
 * classes the role's command reaches, plus the Camel endpoints of the routes it runs), mapped to IAM actions,
 * must be granted by that role's policy file on the right resource. An action the code needs and the file lacks
 * fails the test, naming the call it comes from.
 */
class IamPoliciesTest {

    static final Path AWS = Path.of("deploy", "aws");
    private static final ReachableCalls CODE = new ReachableCalls(Path.of("target", "classes"));
    private static final Pattern PARAMETER = Pattern.compile("\\$\\{([A-Za-z_]+)}");

    /**
     * A role: the command it runs and the packages of that command it never runs (a batcher's `run` loads the
     * loader's classes, preflight never starts the routes' consumers of routes.offsets).
     */
    record Role(String name, String entry, List<String> neverRuns, boolean runRole) {

        Path policy() {
            return AWS.resolve(name + ".policy.json");
        }

        List<RequiredAction> required() throws IOException {
            ReachableCalls.Reach reach = CODE.from(List.of(entry), neverRuns);
            List<RequiredAction> out = new ArrayList<>(AwsActionsOfCalls.of(reach.calls(), usesTheWarehouse()));
            if (runRole) {
                out.addAll(RouteEndpointActions.of(name));
            }
            return out;
        }

        /** `run` opens warehouse connections for the loader role only (RunRequirements says which role needs one). */
        private boolean usesTheWarehouse() {
            if (!runRole) {
                return true;
            }
            PipelineSettings settings = PipelineSettings.builder()
                    .set("pipeline.role.batcher", Boolean.toString(name.equals("batcher")))
                    .set("pipeline.role.loader", Boolean.toString(name.equals("loader"))).build();
            return RunRequirements.ofRun(settings).contains(RunRequirements.Need.WAREHOUSE);
        }
    }

    static final List<Role> ROLES = List.of(
            new Role("batcher", "routes/RunCommand", List.of("routes/load/"), true),
            new Role("loader", "routes/RunCommand", List.of("routes/batch/"), true),
            new Role("preflight", "routes/PreflightCommand", List.of("routes/offsets/"), false),
            new Role("janitor", "routes/JanitorCommand", List.of(), false),
            new Role("replay", "routes/ReplayCommand", List.of(), false));

    @Test
    void eachRolesPolicyGrantsEveryAwsActionItsCodeCalls() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Role role : ROLES) {
            IamPolicy policy = IamPolicy.read(role.policy());
            policy.missing(role.required()).forEach(r -> missing.add(role.name() + ": " + r));
        }
        assertThat(missing).as("actions the code needs that deploy/aws does not grant").isEmpty();
    }

    @Test
    void noPolicyGrantsAnActionItsRolesCodeNeverCalls() throws IOException {
        List<String> unused = new ArrayList<>();
        for (Role role : ROLES) {
            Set<String> needed = actions(role);
            IamPolicy.read(role.policy()).statements().forEach(s -> s.actions().stream()
                    .filter(a -> !needed.contains(a)).forEach(a -> unused.add(role.name() + ": " + a + " (" + s.sid() + ")")));
        }
        assertThat(unused).as("least privilege: granted but never asked for").isEmpty();
    }

    @Test
    void theRequiredActionsAreDerivedFromTheCode() throws IOException {
        // the issue's list, found by the scan rather than written down: a regression in the scan shows here
        assertThat(actions(role("batcher"))).contains("s3:ListBucket", "s3:PutObject", "s3:AbortMultipartUpload",
                "kms:GenerateDataKey", "kms:Decrypt", "kafka-cluster:WriteDataIdempotently", "kafka-cluster:ReadData")
                .doesNotContain("s3:GetObject", "redshift:GetClusterCredentials");
        assertThat(actions(role("loader"))).contains("s3:ListBucket", "s3:GetObject", "s3:PutObject", "kms:Decrypt",
                "redshift:GetClusterCredentials", "kafka-cluster:WriteDataIdempotently").doesNotContain("s3:DeleteObject");
        assertThat(actions(role("preflight"))).contains("s3:GetBucketLocation", "s3:DeleteObject",
                "s3:GetLifecycleConfiguration", "kafka-cluster:DescribeCluster", "redshift:GetClusterCredentials")
                .doesNotContain("kafka-cluster:AlterGroup");
        assertThat(actions(role("janitor"))).contains("s3:ListBucket", "s3:DeleteObject", "kafka-cluster:DescribeGroup",
                "redshift:GetClusterCredentials").doesNotContain("s3:PutObject", "kafka-cluster:WriteData");
        assertThat(actions(role("replay"))).contains("s3:ListBucket", "s3:GetObject", "kafka-cluster:WriteData")
                .doesNotContain("s3:DeleteObject", "s3:PutObject");
    }

    @Test
    void readinessHeadBucketNeedsListBucketWithoutAPrefixCondition() throws IOException {
        for (String name : List.of("batcher", "loader")) {
            List<RequiredAction> heads = role(name).required().stream()
                    .filter(r -> r.action().equals("s3:ListBucket") && r.unconditional()).toList();
            assertThat(heads).as(name + ": readiness and the aws2-s3 endpoint HEAD the bucket").isNotEmpty();
            IamPolicy conditioned = IamPolicy.parse(role(name).policy(), Files.readString(role(name).policy())
                    .replace("\"Action\": [\"s3:ListBucket\"],", "\"Action\": [\"s3:ListBucket\"], \"Condition\": "
                            + "{ \"StringLike\": { \"s3:prefix\": [\"events/*\"] } },"));
            assertThat(conditioned.missing(heads)).as(name + " with an s3:prefix condition").isNotEmpty();
        }
    }

    @Test
    void aPolicyWithoutAnActionTheCodeNeedsFails() throws IOException {
        for (String action : List.of("s3:ListBucket", "kms:Decrypt", "kafka-cluster:WriteDataIdempotently", "s3:AbortMultipartUpload")) {
            IamPolicy without = IamPolicy.parse(role("batcher").policy(), Files.readString(role("batcher").policy())
                    .replace("\"" + action + "\", ", "").replace(", \"" + action + "\"", "").replace("[\"" + action + "\"]", "[]"));
            assertThat(without.missing(role("batcher").required())).as("batcher without " + action)
                    .extracting(RequiredAction::action).contains(action);
        }
        IamPolicy janitorWithoutDelete = IamPolicy.parse(role("janitor").policy(),
                Files.readString(role("janitor").policy()).replace("\"s3:DeleteObject\"", "\"s3:GetObject\""));
        assertThat(janitorWithoutDelete.missing(role("janitor").required())).extracting(RequiredAction::action)
                .contains("s3:DeleteObject");
    }

    @Test
    void aCallWithoutAKnownIamActionFailsRatherThanPasses() {
        assertThatThrownBy(() -> AwsActionsOfCalls.of(Set.of("software/amazon/awssdk/services/s3/S3Client.copyObject"), false))
                .hasMessageContaining("S3Client.copyObject");
    }

    @Test
    void theCamelS3OperationsAssumedForTheRoutesAreTheComponentsOwnCalls() throws IOException {
        assertThat(camelCalls("AWS2S3Producer")).contains(s3("putObject"), s3("createMultipartUpload"), s3("uploadPart"),
                s3("completeMultipartUpload"), s3("abortMultipartUpload"));
        assertThat(camelCalls("AWS2S3Endpoint")).contains(s3("headBucket"));
    }

    /**
     * KEDA's lag queries over MSK IAM, on the overlay rendered with the msk-iam component: each kafka trigger's topic
     * and group as KEDA resolves them (its *FromEnv keys from the scaled container's environment, the generated
     * ConfigMap included). The component's TriggerAuthentication signs with the workload's identity, so the scaled
     * Deployment's role must grant them; keda.policy.json, for an {@code identityOwner: keda} instead, must grant
     * exactly them.
     */
    @Test
    void kedasLagQueriesAreGrantedToTheRoleTheMskIamComponentSignsWith(@TempDir Path copy) throws IOException {
        Kubectl.require();
        Path root = RenderedCopy.of(copy);
        Path kustomization = root.resolve(Manifests.OVERLAY).resolve("kustomization.yaml");
        Files.writeString(kustomization, Files.readString(kustomization) + "components:\n  - ../../components/msk-iam\n");
        Manifests msk = Manifests.render(root.resolve(Manifests.OVERLAY));
        Map<String, KedaTriggerAuthentication> auths = msk.all(KedaTriggerAuthentication.class).stream()
                .collect(Collectors.toMap(a -> a.metadata().getName(), a -> a));
        Map<String, Deployment> deployments = msk.all(Deployment.class).stream()
                .collect(Collectors.toMap(d -> d.getMetadata().getName(), d -> d));
        IamPolicy keda = IamPolicy.read(AWS.resolve("keda.policy.json"));
        List<RequiredAction> lagQueries = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (KedaScaledObject scaled : msk.all(KedaScaledObject.class)) {
            Deployment target = deployments.get(scaled.spec().scaleTargetRef().name());
            String component = target.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/component");
            assertThat(target.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("event-pipeline-" + component);
            Map<String, String> env = environment(msk, target, scaled.spec().scaleTargetRef().envSourceContainerName());
            for (KedaScaledObject.Trigger trigger : scaled.spec().triggers()) {
                if (!trigger.type().equals("kafka")) {
                    continue;
                }
                assertThat(trigger.metadata()).as("the component's SASL settings").containsEntry("saslTokenProvider", "aws_msk_iam");
                assertThat(auths.get(trigger.authenticationRef().name()).spec().podIdentity().identityOwner())
                        .as("signs with the scaled workload's role").isEqualTo("workload");
                String topic = resolved(trigger.metadata(), "topic", env);
                String group = resolved(trigger.metadata(), "consumerGroup", env);
                String because = scaled.metadata().getName() + " trigger on " + topic + " for " + group;
                List<RequiredAction> required = List.of(
                        RequiredAction.on("kafka-cluster:Connect", AwsArns.MSK_CLUSTER, because),
                        RequiredAction.on("kafka-cluster:DescribeTopic", AwsArns.MSK_TOPICS + topic, because),
                        RequiredAction.on("kafka-cluster:DescribeGroup", AwsArns.MSK_GROUPS + group, because));
                IamPolicy workload = IamPolicy.read(role(component).policy());
                workload.missing(required).forEach(r -> missing.add(component + ": " + r));
                keda.missing(required).forEach(r -> missing.add("keda: " + r));
                // the check bites: the workload's policy without DescribeGroup no longer grants the lag
                IamPolicy withoutDescribeGroup = IamPolicy.parse(role(component).policy(), Files.readString(role(component).policy())
                        .replace("\"kafka-cluster:DescribeGroup\", ", "").replace(", \"kafka-cluster:DescribeGroup\"", ""));
                assertThat(withoutDescribeGroup.missing(required)).extracting(RequiredAction::action).contains("kafka-cluster:DescribeGroup");
                lagQueries.addAll(required);
            }
        }
        assertThat(lagQueries).as("the batcher's trigger; the loader runs a fixed count").hasSize(3);
        assertThat(missing).isEmpty();
        for (IamPolicy.Statement statement : keda.statements()) {
            for (String action : statement.actions()) {
                for (String resource : statement.resources()) {
                    assertThat(lagQueries).as("keda.policy.json " + statement.sid() + " grants only lag queries: " + action + " " + resource)
                            .anyMatch(r -> r.action().equals(action) && r.resource().equals(resource));
                }
            }
        }
    }

    /** A kafka trigger's value for key, given directly or through key + "FromEnv" from the scaled container's environment. */
    private static String resolved(Map<String, String> metadata, String key, Map<String, String> env) {
        String value = metadata.containsKey(key) ? metadata.get(key) : env.get(metadata.get(key + "FromEnv"));
        assertThat(value).as(key).isNotBlank();
        return value;
    }

    /** The environment KEDA reads the *FromEnv keys from: the container's env literals over its envFrom ConfigMaps. */
    private static Map<String, String> environment(Manifests rendered, Deployment target, String containerName) {
        Map<String, ConfigMap> maps = rendered.all(ConfigMap.class).stream().collect(Collectors.toMap(m -> m.getMetadata().getName(), m -> m));
        Container container = target.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> containerName == null || c.getName().equals(containerName)).findFirst().orElseThrow();
        Map<String, String> env = new HashMap<>();
        container.getEnvFrom().stream().filter(e -> e.getConfigMapRef() != null)
                .forEach(e -> env.putAll(maps.get(e.getConfigMapRef().getName()).getData()));
        container.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
        return env;
    }

    @Test
    void thePrefixesTopicsAndGroupsThePoliciesNameAreThePipelinesOwn() throws IOException {
        PipelineSettings defaults = PipelineSettings.defaults();
        String prefix = defaults.get(Setting.S3_PREFIX);
        Set<String> prefixes = Set.of(prefix, prefix + "preflight/", RedshiftCopyStatements.MANIFEST_PREFIX, DeadLetterObjects.PREFIX);
        Set<String> topics = Set.of(defaults.get(Setting.KAFKA_TOPIC_EVENTS), defaults.get(Setting.KAFKA_TOPIC_BATCHES),
                defaults.get(Setting.KAFKA_TOPIC_DLQ));
        Set<String> groups = Set.of(defaults.get(Setting.KAFKA_GROUP_BATCHER), defaults.get(Setting.KAFKA_GROUP_LOADER));
        try (Stream<Path> files = Files.list(AWS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                for (IamPolicy.Statement statement : IamPolicy.read(file).statements()) {
                    for (String arn : statement.resources()) {
                        String as = file.getFileName() + " " + statement.sid() + " " + arn;
                        if (arn.startsWith(AwsArns.OBJECTS)) {
                            String path = arn.substring(AwsArns.OBJECTS.length());
                            assertThat(path.substring(0, path.length() - 1)).as(as).endsWith("/").isIn(prefixes);
                        } else if (arn.startsWith(AwsArns.MSK_TOPICS)) {
                            assertThat(arn.substring(AwsArns.MSK_TOPICS.length())).as(as).isIn(topics);
                        } else if (arn.startsWith(AwsArns.MSK_GROUPS)) {
                            assertThat(arn.substring(AwsArns.MSK_GROUPS.length())).as(as).isIn(groups);
                        }
                    }
                }
            }
        }
    }

    @Test
    void everyPlaceholderHasAValueInTheParametersFile() throws IOException {
        Set<String> declared = new TreeSet<>();
        for (String line : Files.readAllLines(AWS.resolve("parameters.env.example"))) {
            if (line.matches("[A-Z_]+=.*")) {
                declared.add(line.substring(0, line.indexOf('=')));
            }
        }
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.list(AWS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                Matcher m = PARAMETER.matcher(Files.readString(file));
                while (m.find()) {
                    used.add(m.group(1));
                }
                IamPolicy.read(file);
            }
        }
        assertThat(declared).containsExactlyInAnyOrderElementsOf(used);
    }

    @Test
    void renderFillsEveryPlaceholderFromTheParametersFileIntoValidJson() throws Exception {
        try (Stream<Path> files = Files.list(AWS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                Process p = new ProcessBuilder("sh", AWS.resolve("render.sh").toString(),
                        AWS.resolve("parameters.env.example").toString(), file.toString()).start();
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(p.waitFor()).as(file.toString()).isZero();
                assertThat(out).as(file.toString()).doesNotContain("${");
                new ObjectMapper().readTree(out);
            }
        }
        Path partial = Files.createTempFile("parameters", ".env");
        Files.writeString(partial, "BUCKET=acme-event-logs\n");
        Process p = new ProcessBuilder("sh", AWS.resolve("render.sh").toString(), partial.toString(),
                AWS.resolve("batcher.policy.json").toString()).start();
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("a placeholder without a value").isEqualTo(1);
        assertThat(err).contains("${ACCOUNT_ID}");
        assertThat(p.getInputStream().readAllBytes()).as("nothing half-rendered on stdout").isEmpty();
    }

    @Test
    void everyServiceAccountRunsUnderARoleWhosePolicyIsChecked() throws IOException {
        Set<String> components = new TreeSet<>();
        Kubectl.require();
        // the overlay as applied: the role ARNs come from its environment.env
        for (ServiceAccount account : Manifests.render(Manifests.OVERLAY).all(ServiceAccount.class)) {
            String component = account.getMetadata().getLabels().get("app.kubernetes.io/component");
            assertThat(account.getMetadata().getName()).isEqualTo("event-pipeline-" + component);
            assertThat(account.getMetadata().getAnnotations().get("eks.amazonaws.com/role-arn")).endsWith("-" + component);
            components.add(component);
        }
        assertThat(components).containsExactlyInAnyOrderElementsOf(ROLES.stream().map(Role::name).toList());
    }

    static Role role(String name) {
        return ROLES.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private static Set<String> actions(Role role) throws IOException {
        Set<String> out = new TreeSet<>();
        role.required().forEach(r -> out.add(r.action()));
        return out;
    }

    private static Set<String> camelCalls(String simpleName) throws IOException {
        try (InputStream in = IamPoliciesTest.class.getResourceAsStream("/org/apache/camel/component/aws2/s3/" + simpleName + ".class")) {
            return ClassFileReferences.read(in).methods();
        }
    }

    private static String s3(String method) {
        return "software/amazon/awssdk/services/s3/S3Client." + method;
    }
}
