package routes.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import org.apache.camel.main.HttpManagementServerConfigurationProperties;
import org.apache.camel.main.MainConfigurationProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.config.PipelineSettings;
import routes.config.RedshiftIamAuthentication;
import routes.shutdown.StopDeadline;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * deploy/kubernetes read with the Kubernetes API model (unknown fields fail) and checked against the code:
 * the probes, the settings, the secrets, the stop bound, KEDA against the topics and groups.
 */
class KubernetesManifestsTest {

    private static final Path BASE = Manifests.ROOT.resolve("base");
    private static final Path OVERLAY = Manifests.ROOT.resolve("overlays/local-example");
    private static final Set<String> ROLES = Set.of("batcher", "loader");
    /** The pipeline's heap measured under -Xmx512m with production settings (docs/performance.md, run H). */
    private static final long MEASURED_HEAP_BYTES = 512L << 20;
    /** The image's -XX:MaxRAMPercentage (Dockerfile ENTRYPOINT). */
    private static final double HEAP_SHARE_OF_LIMIT = 0.75;

    private static Manifests manifests;
    private static ConfigMap settingsMap;

    @BeforeAll
    static void load() throws IOException {
        manifests = Manifests.load();
        settingsMap = single(manifests.all(ConfigMap.class, BASE));
    }

    @Test
    void everyManifestParsesWithTheStrictModel() {
        assertThat(manifests.documents().size()).as("documents under deploy/kubernetes").isEqualTo(22);
        assertThat(manifests.all(Deployment.class, BASE)).hasSize(2);
        assertThat(manifests.all(KedaScaledObject.class, BASE)).hasSize(2);
        assertThat(manifests.all(PodDisruptionBudget.class, BASE)).hasSize(2);
        assertThat(manifests.all(NetworkPolicy.class, BASE)).hasSize(1);
        assertThat(manifests.all(PodMonitor.class, BASE)).hasSize(1);
        assertThat(manifests.all(PrometheusRule.class, BASE)).hasSize(1);
        assertThat(manifests.all(ServiceAccount.class, BASE)).hasSize(2);
    }

    @Test
    void aMisspeltFieldFailsTheLoad() throws IOException {
        Path file = Files.createTempFile("deployment", ".yaml");
        Files.writeString(file, Files.readString(BASE.resolve("batcher-deployment.yaml"))
                .replace("terminationGracePeriodSeconds", "terminationGracePeriod"));
        assertThatThrownBy(() -> Manifests.read(file)).hasMessageContaining("terminationGracePeriod");
        Files.writeString(file, Files.readString(BASE.resolve("batcher-scaledobject.yaml"))
                .replace("maxReplicaCount", "maxReplicas"));
        assertThatThrownBy(() -> Manifests.read(file)).hasMessageContaining("maxReplicas");
    }

    @Test
    void theBaseListsEveryFileAndTheOverlayOnlyWhatExists() throws IOException {
        Kustomization base = single(manifests.all(Kustomization.class, BASE));
        try (Stream<Path> files = Files.list(BASE)) {
            assertThat(base.resources()).containsExactlyInAnyOrderElementsOf(files.map(f -> f.getFileName().toString())
                    .filter(name -> !name.equals("kustomization.yaml")).toList());
        }
        Kustomization overlay = single(manifests.all(Kustomization.class, OVERLAY));
        assertThat(overlay.resources()).allSatisfy(r -> assertThat(OVERLAY.resolve(r).normalize()).exists());
        assertThat(overlay.patches()).allSatisfy(p -> assertThat(OVERLAY.resolve(p.path())).exists());
        Set<String> images = deployments().values().stream().map(d -> container(d).getImage().split(":")[0])
                .collect(Collectors.toSet());
        assertThat(overlay.images()).extracting(Kustomization.Image::name).containsExactlyElementsOf(images);
    }

    @Test
    void everyVariableIsADeclaredSettingAndTheOverlayOnlyChangesDeclaredOnes() {
        Set<String> declared = PipelineSettings.defaults().asProperties().stringPropertyNames().stream()
                .filter(key -> key.startsWith("pipeline.")).map(PipelineSettings::environmentName).collect(Collectors.toSet());
        assertThat(settingsMap.getData().keySet()).allSatisfy(name -> assertThat(declared).as("settings").contains(name));
        ConfigMap overlaySettings = single(manifests.all(ConfigMap.class, OVERLAY));
        assertThat(overlaySettings.getMetadata().getName()).isEqualTo(settingsMap.getMetadata().getName());
        assertThat(overlaySettings.getData().keySet()).allSatisfy(name -> assertThat(declared).contains(name));
        deployments().values().forEach(d -> assertThat(container(d).getEnv()).extracting(EnvVar::getName)
                .allSatisfy(name -> assertThat(declared).as("env of " + d.getMetadata().getName()).contains(name)));
        // typed and valid: the same resolution `run` does at start
        deployments().forEach((role, d) -> assertThat(effective(d).getInt("pipeline.http.port")).isPositive());
    }

    @Test
    void eachRoleIsGivenEverySettingRunRefusesToDefault() {
        deployments().forEach((role, d) -> {
            Map<String, String> environment = new HashMap<>(settingsMap.getData());
            container(d).getEnv().forEach(e -> environment.put(e.getName(), e.getValue() != null ? e.getValue() : "from-a-secret-of-at-least-32-bytes"));
            PipelineSettings settings = PipelineSettings.builder().environment(environment)
                    .set("pipeline.role.batcher", Boolean.toString(role.equals("batcher")))
                    .set("pipeline.role.loader", Boolean.toString(role.equals("loader"))).build();
            assertThat(routes.config.RunRequirements.missing(settings)).as("missing for " + role).isEmpty();
        });
    }

    @Test
    void theLoaderSignsInToRedshiftWithItsPodsRole() {
        assertThat(RedshiftIamAuthentication.isIamUrl(settingsMap.getData().get("PIPELINE_WAREHOUSE_JDBC_URL"))).isTrue();
        assertThat(RedshiftIamAuthentication.isIamUrl(single(manifests.all(ConfigMap.class, OVERLAY)).getData()
                .get("PIPELINE_WAREHOUSE_JDBC_URL"))).isTrue();
        String account = deployments().get("loader").getSpec().getTemplate().getSpec().getServiceAccountName();
        assertThat(manifests.all(ServiceAccount.class, BASE)).filteredOn(sa -> sa.getMetadata().getName().equals(account))
                .singleElement().satisfies(sa -> assertThat(sa.getMetadata().getAnnotations())
                        .containsKey("eks.amazonaws.com/role-arn"));
    }

    @Test
    void secretsComeFromSecretReferencesOnly() {
        Set<String> secrets = secretSettings();
        assertThat(secrets).contains("PIPELINE_WAREHOUSE_PASSWORD", "PIPELINE_SANITIZE_HMAC_KEY", "PIPELINE_HTTP_AUTH_PASSWORD");
        assertThat(settingsMap.getData().keySet()).doesNotContainAnyElementsOf(secrets);
        assertThat(single(manifests.all(ConfigMap.class, OVERLAY)).getData().keySet()).doesNotContainAnyElementsOf(secrets);
        for (Deployment d : deployments().values()) {
            for (EnvVar env : container(d).getEnv()) {
                if (secrets.contains(env.getName())) {
                    assertThat(env.getValue()).as(env.getName() + " literal").isNull();
                    assertThat(env.getValueFrom().getSecretKeyRef()).as(env.getName() + " from a Secret").isNotNull();
                }
            }
        }
        assertThat(env(deployments().get("batcher"))).as("required by the batcher").containsKey("PIPELINE_SANITIZE_HMAC_KEY");
        assertThat(env(deployments().get("loader"))).as("the loader signs in with its role").doesNotContainKey("PIPELINE_WAREHOUSE_PASSWORD");
        assertThat(settingsMap.getData()).as("S3 through the service account's role, no static keys")
                .doesNotContainKeys("PIPELINE_S3_ACCESS_KEY", "PIPELINE_S3_SECRET_KEY");
    }

    @Test
    void probesUseTheHealthPathsOnTheHttpPort() {
        String health = new HttpManagementServerConfigurationProperties(new MainConfigurationProperties()).getHealthPath();
        deployments().forEach((role, d) -> {
            Container c = container(d);
            int httpPort = effective(d).getInt("pipeline.http.port");
            ContainerPort port = c.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst().orElseThrow();
            assertThat(port.getContainerPort()).as(role + " http port").isEqualTo(httpPort);
            assertProbe(c.getLivenessProbe(), health + "/live", port);
            assertProbe(c.getStartupProbe(), health + "/live", port);
            assertProbe(c.getReadinessProbe(), health + "/ready", port);
            assertThat(effective(d).get("pipeline.http.host")).as("probes reach the pod's address").isEqualTo("0.0.0.0");
        });
    }

    @Test
    void eachRoleRunsItsOwnRoleAsTheImageUserWithAReadOnlyRootAndTheSpoolOnAnEmptyDir() throws IOException {
        String imageUser = Dockerfile.read().last("USER").arguments().split(":")[0];
        deployments().forEach((role, d) -> {
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            Container c = container(d);
            assertThat(c.getArgs()).containsExactly("run", "--role", role);
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).hasToString(imageUser);
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
            Set<String> writable = new HashSet<>();
            c.getVolumeMounts().forEach(m -> {
                assertThat(volumes.get(m.getName()).getEmptyDir()).as(m.getMountPath() + " on an emptyDir").isNotNull();
                writable.add(m.getMountPath());
            });
            assertThat(writable).as("java.io.tmpdir").contains("/tmp");
            if (role.equals("batcher")) {
                assertThat(writable).contains(effective(d).get("pipeline.batch.spool-dir"));
            }
        });
    }

    @Test
    void eachRoleRunsUnderItsOwnServiceAccountAndIamRole() {
        Map<String, ServiceAccount> accounts = manifests.all(ServiceAccount.class, BASE).stream()
                .collect(Collectors.toMap(a -> a.getMetadata().getName(), a -> a));
        Set<String> roleArns = new HashSet<>();
        deployments().forEach((role, d) -> {
            ServiceAccount account = accounts.get(d.getSpec().getTemplate().getSpec().getServiceAccountName());
            assertThat(account).as(role + "'s ServiceAccount").isNotNull();
            assertThat(account.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", role);
            assertThat(account.getAutomountServiceAccountToken()).isFalse();
            String arn = account.getMetadata().getAnnotations().get("eks.amazonaws.com/role-arn");
            assertThat(arn).as(role + "'s IRSA role").startsWith("arn:aws:iam::").endsWith("-" + role);
            roleArns.add(arn);
        });
        assertThat(roleArns).as("one IAM role per role, no sharing").hasSize(ROLES.size());
        assertThat(accounts).hasSize(ROLES.size());
    }

    @Test
    void eachRoleListensBeyondLoopbackOnlyWithJolokiaBehindBasicAuthFromTheSecret() {
        deployments().forEach((role, d) -> {
            Map<String, EnvVar> env = env(d);
            assertThat(env).as(role).containsKey("PIPELINE_HTTP_AUTH_PASSWORD");
            assertThat(env.get("PIPELINE_HTTP_AUTH_PASSWORD").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("http-auth-password");
            Map<String, String> environment = new HashMap<>(settingsMap.getData());
            container(d).getEnv().forEach(e -> environment.put(e.getName(), e.getValue() != null ? e.getValue() : "from-a-secret-" + e.getName()));
            PipelineSettings settings = PipelineSettings.builder().environment(environment).build();
            assertThat(routes.monitor.HttpAccess.isLoopback(settings.get("pipeline.http.host"))).isFalse();
            // what `run` checks before it starts: refused without authentication, so these must pass
            routes.monitor.HttpAccess.check(settings);
        });
    }

    @Test
    void memoryLimitsHoldTheMeasuredHeap() {
        deployments().forEach((role, d) -> {
            Map<String, Quantity> limits = container(d).getResources().getLimits();
            Map<String, Quantity> requests = container(d).getResources().getRequests();
            BigDecimal limit = Quantity.getAmountInBytes(limits.get("memory"));
            assertThat(Quantity.getAmountInBytes(requests.get("memory"))).as("requests = limits: no overcommit")
                    .isEqualTo(limit);
            assertThat(limit.doubleValue() * HEAP_SHARE_OF_LIMIT).as(role + " heap from the limit")
                    .isGreaterThanOrEqualTo(role.equals("batcher") ? MEASURED_HEAP_BYTES * 2 : MEASURED_HEAP_BYTES);
            assertThat(requests).containsKey("cpu");
        });
    }

    @Test
    void theGracePeriodOutlastsTheBoundedStop() {
        long camelShutdownSeconds = PipelineSettings.defaults().getLong("camel.main.shutdown-timeout");
        deployments().forEach((role, d) -> {
            long flushMillis = effective(d).getLong("pipeline.shutdown.flush-timeout-ms");
            long stopBoundMillis = flushMillis + StopDeadline.AFTER_FLUSH.toMillis();
            assertThat(stopBoundMillis).as("stop bound within Camel's shutdown timeout").isLessThanOrEqualTo(camelShutdownSeconds * 1000);
            assertThat(d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                    .as(role + " grace period, s").isGreaterThan(camelShutdownSeconds);
            assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal())
                    .as("no surge: the old pod commits and leaves before the new one joins").isZero();
        });
    }

    @Test
    void disruptionBudgetsNetworkPolicyAndPodMonitorSelectThePods() {
        Map<String, Deployment> deployments = deployments();
        List<PodDisruptionBudget> budgets = manifests.all(PodDisruptionBudget.class, BASE);
        deployments.forEach((role, d) -> {
            Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(d.getSpec().getSelector().getMatchLabels()).isEqualTo(labels);
            assertThat(budgets).filteredOn(b -> b.getSpec().getSelector().getMatchLabels().equals(labels)).singleElement()
                    .satisfies(b -> assertThat(b.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1));
        });
        NetworkPolicy policy = single(manifests.all(NetworkPolicy.class, BASE));
        Map<String, String> common = policy.getSpec().getPodSelector().getMatchLabels();
        deployments.values().forEach(d -> assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(common));
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getStrVal()).isEqualTo("http"));
            assertThat(rule.getFrom()).isNotEmpty().allSatisfy(peer -> {
                assertThat(peer.getIpBlock()).isNull();
                assertThat(peer.getPodSelector()).isNull();
                assertThat(peer.getNamespaceSelector().getMatchLabels()).containsKey("kubernetes.io/metadata.name");
            });
            assertThat(rule.getFrom()).extracting(NetworkPolicyPeer::getNamespaceSelector)
                    .extracting(s -> s.getMatchLabels().get("kubernetes.io/metadata.name"))
                    .contains("platform-operators");
        });
        PodMonitor monitor = single(manifests.all(PodMonitor.class, BASE));
        assertThat(monitor.getSpec().getSelector().getMatchLabels()).isEqualTo(common);
        assertThat(monitor.getSpec().getPodMetricsEndpoints()).singleElement().satisfies(e -> {
            assertThat(e.getPort()).isEqualTo("http");
            assertThat(e.getPath()).isEqualTo("/observe/metrics");
        });
    }

    @Test
    void kedaScalesEachRoleOnItsGroupsLagUpToThePartitions() {
        Map<String, Deployment> deployments = deployments();
        List<KedaScaledObject> scaled = manifests.all(KedaScaledObject.class, BASE);
        assertThat(scaled).hasSize(ROLES.size());
        for (KedaScaledObject so : scaled) {
            String role = deployments.entrySet().stream()
                    .filter(e -> e.getValue().getMetadata().getName().equals(so.spec().scaleTargetRef().name()))
                    .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no Deployment " + so.spec().scaleTargetRef()));
            PipelineSettings settings = effective(deployments.get(role));
            int partitions = Integer.parseInt(so.metadata().getAnnotations().get("event-pipeline/topic-partitions"));
            assertThat(so.spec().minReplicaCount()).isGreaterThanOrEqualTo(1);
            assertThat(so.spec().maxReplicaCount()).as(role + " max replicas ≤ partitions").isBetween(1, partitions);
            KedaScaledObject.Trigger trigger = so.spec().triggers().get(0);
            assertThat(so.spec().triggers()).hasSize(1);
            assertThat(trigger.type()).isEqualTo("kafka");
            Map<String, String> m = trigger.metadata();
            assertThat(KedaScaledObject.KAFKA_TRIGGER_KEYS).containsAll(m.keySet());
            assertThat(m.get("bootstrapServers")).isEqualTo(settings.get("pipeline.kafka.bootstrap-servers"));
            assertThat(m.get("topic")).isEqualTo(settings.get(role.equals("batcher") ? "pipeline.kafka.topic.events" : "pipeline.kafka.topic.batches"));
            assertThat(m.get("consumerGroup")).isEqualTo(settings.get("pipeline.kafka.group." + role));
            assertThat(m.get("offsetResetPolicy")).as("the routes' autoOffsetReset").isEqualTo("earliest");
            assertThat(m.get("allowIdleConsumers")).isEqualTo("false");
            assertThat(m.containsKey("tls")).as("tls with an SSL security protocol")
                    .isEqualTo(settings.get("pipeline.kafka.security-protocol").endsWith("SSL"));
            // Lag counts what an instance holds open by design: one poll of events, one load cycle of notifications.
            long held = role.equals("batcher") ? settings.getLong("pipeline.kafka.max-poll-records")
                    : settings.getLong("pipeline.load.max-batches");
            assertThat(Long.parseLong(m.get("lagThreshold"))).as(role + " lag threshold").isGreaterThan(held * 2);
        }
    }

    private static void assertProbe(Probe probe, String path, ContainerPort port) {
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        String named = probe.getHttpGet().getPort().getStrVal();
        assertThat(named == null ? probe.getHttpGet().getPort().getIntVal() : (Object) named)
                .isIn(port.getName(), port.getContainerPort());
    }

    private static Map<String, Deployment> deployments() {
        Map<String, Deployment> byRole = new HashMap<>();
        for (Deployment d : manifests.all(Deployment.class, BASE)) {
            String role = d.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/component");
            assertThat(ROLES).contains(role);
            byRole.put(role, d);
        }
        assertThat(byRole.keySet()).isEqualTo(ROLES);
        return byRole;
    }

    private static Container container(Deployment d) {
        List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static Map<String, EnvVar> env(Deployment d) {
        return container(d).getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    }

    /** The settings the pod resolves: defaults, then the ConfigMap, then the literal env (secrets left out). */
    private static PipelineSettings effective(Deployment d) {
        Map<String, String> environment = new HashMap<>(settingsMap.getData());
        container(d).getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> environment.put(e.getName(), e.getValue()));
        return PipelineSettings.builder().environment(environment).build();
    }

    /** PIPELINE_* names of the settings declared secret. */
    private static Set<String> secretSettings() {
        return routes.config.Setting.declarations().stream().filter(routes.config.Setting.Declaration::secret)
                .map(d -> PipelineSettings.environmentName(d.key())).collect(Collectors.toSet());
    }

    private static <T> T single(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }
}
