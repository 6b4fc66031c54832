package routes.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import org.apache.camel.main.HttpManagementServerConfigurationProperties;
import org.apache.camel.main.MainConfigurationProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.config.PipelineSettings;
import routes.config.RedshiftIamAuthentication;
import routes.shutdown.StopDeadline;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.URI;
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
import static routes.deploy.Manifests.BASE;
import static routes.deploy.Manifests.OVERLAY;

/**
 * deploy/kubernetes as {@code kubectl kustomize} renders it (the base and the example overlay), every object read
 * with its schema's model (unknown fields fail), and checked against the code: the probes, the settings, the secrets,
 * the stop bound, the JVM's flags against the limits, KEDA against the topics, groups and batch age, and the one
 * values file of the overlay as the only place an environment is described.
 */
class KubernetesManifestsTest {

    private static final Set<String> ROLES = Set.of("batcher", "loader");
    /** The pipeline's heap measured under -Xmx512m with production settings (docs/performance.md, run H). */
    private static final long MEASURED_HEAP_BYTES = 512L << 20;
    /** The image's -XX:MaxRAMPercentage (Dockerfile ENTRYPOINT). */
    private static final double HEAP_SHARE_OF_LIMIT = 0.75;
    /**
     * Below 2 GiB - 256 MiB of memory, or 2 processors, HotSpot does not consider itself on a server-class machine and
     * picks the Serial collector (os::is_server_class_machine, src/hotspot/share/runtime/os.cpp).
     */
    private static final long SERVER_CLASS_MEMORY_BYTES = (2048L - 256) << 20;
    /** The events/s one batcher replica should carry; its lag threshold follows (base/batcher-scaledobject.yaml). */
    private static final long BATCHER_EVENTS_PER_SECOND_PER_REPLICA = 15_000;
    /** The instance metadata service: a pod reaching it could use the node's IAM role. */
    private static final String IMDS = "169.254.169.254";
    static final Path VALUES = OVERLAY.resolve("environment.env");

    private static Manifests base;
    private static Manifests overlay;
    private static ConfigMap settingsMap;

    @BeforeAll
    static void render() throws IOException {
        Kubectl.require();
        base = Manifests.render(BASE);
        overlay = Manifests.render(OVERLAY);
        settingsMap = single(overlay.all(ConfigMap.class));
    }

    @Test
    void baseAndOverlayRenderAndEveryObjectParsesWithItsSchemasModel() {
        for (Manifests rendered : List.of(base, overlay)) {
            assertThat(rendered.all(Deployment.class)).hasSize(2);
            assertThat(rendered.all(ConfigMap.class)).hasSize(1);
            assertThat(rendered.all(KedaScaledObject.class)).as("the batcher only: the loader runs a fixed count").hasSize(1);
            assertThat(rendered.all(PodDisruptionBudget.class)).hasSize(2);
            assertThat(rendered.all(NetworkPolicy.class)).hasSize(2);
            assertThat(rendered.all(PodMonitor.class)).hasSize(1);
            assertThat(rendered.all(PrometheusRule.class)).as("the alerting rules are applied with the rest").hasSize(1);
            assertThat(rendered.all(ServiceAccount.class)).as("batcher, loader and the three day-two Jobs").hasSize(5);
            assertThat(rendered.all(CronJob.class)).as("preflight, janitor, replay (base/jobs)").hasSize(3);
        }
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
        // inside KEDA's object, the HPA behaviour is checked with the Kubernetes model
        Files.writeString(file, Files.readString(BASE.resolve("batcher-scaledobject.yaml"))
                .replace("stabilizationWindowSeconds: 600", "stabilizationWindow: 600"));
        assertThatThrownBy(() -> Manifests.read(file)).hasMessageContaining("stabilizationWindow");
    }

    @Test
    void theBaseListsEveryManifestAndTheOverlayOnlyWhatExists() throws IOException {
        Kustomization kustomization = Kustomization.read(BASE);
        try (Stream<Path> files = Files.list(BASE)) {
            assertThat(kustomization.resources()).containsAll(files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml")).toList());
        }
        assertThat(kustomization.resources()).allSatisfy(r -> assertThat(BASE.resolve(r)).exists());
        Kustomization example = Kustomization.read(OVERLAY);
        assertThat(example.resources()).allSatisfy(r -> assertThat(OVERLAY.resolve(r).normalize()).exists());
        Set<String> images = base.all(Deployment.class).stream().map(d -> container(d).getImage().split(":")[0])
                .collect(Collectors.toSet());
        assertThat(example.images()).extracting(Kustomization.Image::name).containsExactlyElementsOf(images);
    }

    @Test
    void theOverlaysValuesFileIsTheOnlyPlaceAnEnvironmentIsDescribed() throws IOException {
        Map<String, String> values = EnvironmentFile.read(VALUES);
        // the overlay directory holds its kustomization and the values file, nothing else to edit
        try (Stream<Path> files = Files.list(OVERLAY)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("kustomization.yaml", "environment.env");
        }
        Kustomization example = Kustomization.read(OVERLAY);
        assertThat(example.patches()).as("no patch files: values go in environment.env").isNullOrEmpty();
        assertThat(example.configMapGenerator()).singleElement().satisfies(g -> {
            assertThat(g.behavior()).isEqualTo("merge");
            assertThat(g.envs()).containsExactly(VALUES.getFileName().toString());
        });
        // a placeholder may stand in the values file (to be filled in), nowhere else; the base describes no environment
        String rendered = Kubectl.kustomize(OVERLAY);
        for (String value : values.values()) {
            rendered = rendered.replace(value, "");
        }
        assertThat(rendered).as("REPLACE outside " + VALUES).doesNotContain("REPLACE");
        assertThat(Kubectl.kustomize(BASE)).doesNotContain("REPLACE");
        Map<String, String> baseSettings = EnvironmentFile.read(BASE.resolve("settings.env"));
        assertThat(baseSettings.keySet()).as("a value is either shared (base) or the environment's, never both")
                .doesNotContainAnyElementsOf(values.keySet());
        // every DEPLOY_* value is copied by one replacement, and arrives where it belongs
        Set<String> replaced = example.replacements().stream().map(r -> r.source().fieldPath().substring("data.".length()))
                .collect(Collectors.toSet());
        assertThat(values.keySet().stream().filter(k -> !k.startsWith("PIPELINE_"))).allSatisfy(k -> {
            assertThat(k).startsWith("DEPLOY_");
            assertThat(replaced).contains(k);
        });
        Map<String, ServiceAccount> accounts = byName(overlay.all(ServiceAccount.class), a -> a.getMetadata().getName());
        // the two long-running roles and the three day-two Jobs (base/jobs), each from its own line
        for (String role : List.of("batcher", "loader", "preflight", "janitor", "replay")) {
            assertThat(accounts.get("event-pipeline-" + role).getMetadata().getAnnotations()).as(role)
                    .containsEntry("eks.amazonaws.com/role-arn", values.get("DEPLOY_" + role.toUpperCase(java.util.Locale.ROOT) + "_ROLE_ARN"));
        }
        assertThat(single(overlay.all(PodMonitor.class)).getMetadata().getLabels())
                .containsEntry("release", values.get("DEPLOY_PROMETHEUS_RELEASE"));
        assertThat(single(overlay.all(PrometheusRule.class)).getMetadata().getLabels())
                .containsEntry("release", values.get("DEPLOY_PROMETHEUS_RELEASE"));
        assertThat(egress(overlay).getSpec().getEgress()).flatExtracting(NetworkPolicyEgressRule::getTo)
                .filteredOn(peer -> peer.getIpBlock() != null).extracting(peer -> peer.getIpBlock().getCidr())
                .contains(values.get("DEPLOY_VPC_CIDR"));
        assertThat(single(overlay.all(KedaScaledObject.class)).spec().triggers().get(0).metadata())
                .containsEntry("lagThreshold", values.get("DEPLOY_BATCHER_LAG_THRESHOLD"));
        values.forEach((key, value) -> {
            if (key.startsWith("PIPELINE_")) {
                assertThat(settingsMap.getData()).containsEntry(key, value);
            }
        });
    }

    @Test
    void anEditOfTheValuesRenamesTheConfigMapAndSoRollsThePods(@TempDir Path copy) throws IOException {
        String name = settingsMap.getMetadata().getName();
        assertThat(name).as("a hash suffix").startsWith("event-pipeline-settings-");
        deployments(overlay).values().forEach(d -> assertThat(container(d).getEnvFrom())
                .singleElement().satisfies(from -> assertThat(from.getConfigMapRef().getName()).isEqualTo(name)));

        Path root = RenderedCopy.of(copy);
        Path values = root.resolve(VALUES);
        Files.writeString(values, Files.readString(values).replace("PIPELINE_BATCH_MAX_AGE_MS=30000", "PIPELINE_BATCH_MAX_AGE_MS=45000"));
        Manifests edited = Manifests.render(root.resolve(OVERLAY));
        String renamed = single(edited.all(ConfigMap.class)).getMetadata().getName();
        assertThat(renamed).isNotEqualTo(name);
        deployments(edited).values().forEach(d -> assertThat(container(d).getEnvFrom().get(0).getConfigMapRef().getName())
                .as("the pod template changes, so the Deployment rolls").isEqualTo(renamed));
        assertThat(edited.all(CronJob.class)).as("the day-two Jobs read the same settings").isNotEmpty()
                .allSatisfy(j -> assertThat(j.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0)
                        .getEnvFrom().get(0).getConfigMapRef().getName()).isEqualTo(renamed));
    }

    @Test
    void everyVariableIsADeclaredSettingAndOnlyTheValuesFilesDeployKeysAreNot() throws IOException {
        Set<String> declared = PipelineSettings.defaults().asProperties().stringPropertyNames().stream()
                .filter(key -> key.startsWith("pipeline.")).map(PipelineSettings::environmentName).collect(Collectors.toSet());
        Set<String> deployKeys = EnvironmentFile.read(VALUES).keySet().stream().filter(k -> k.startsWith("DEPLOY_"))
                .collect(Collectors.toSet());
        assertThat(settingsMap.getData().keySet()).allSatisfy(name -> assertThat(declared.contains(name) || deployKeys.contains(name))
                .as(name + " is a setting or a DEPLOY_ value").isTrue());
        deployments(overlay).values().forEach(d -> assertThat(container(d).getEnv()).extracting(EnvVar::getName)
                .filteredOn(name -> !name.equals("JAVA_TOOL_OPTIONS"))
                .allSatisfy(name -> assertThat(declared).as("env of " + d.getMetadata().getName()).contains(name)));
        // typed and valid: the same resolution `run` does at start
        deployments(overlay).forEach((role, d) -> assertThat(effective(d).getInt("pipeline.http.port")).isPositive());
    }

    @Test
    void eachRoleIsGivenEverySettingRunRefusesToDefault() {
        deployments(overlay).forEach((role, d) -> {
            Map<String, String> environment = new HashMap<>(settingsMap.getData());
            container(d).getEnv().forEach(e -> environment.put(e.getName(), e.getValue() != null ? e.getValue() : "from-a-secret-of-at-least-32-bytes"));
            PipelineSettings settings = PipelineSettings.builder().environment(environment)
                    .set("pipeline.role.batcher", Boolean.toString(role.equals("batcher")))
                    .set("pipeline.role.loader", Boolean.toString(role.equals("loader"))).build();
            assertThat(routes.config.RunRequirements.missing(settings)).as("missing for " + role).isEmpty();
        });
    }

    @Test
    void theLoaderSignsInToRedshiftWithItsPodsRoleOverVerifiedTls() {
        String url = settingsMap.getData().get("PIPELINE_WAREHOUSE_JDBC_URL");
        assertThat(RedshiftIamAuthentication.isIamUrl(url)).isTrue();
        // redshift-jdbc42 without sslmode verifies the certificate's chain but not its host name (SslMode.of: VERIFY_CA)
        assertThat(jdbcOptions(url)).containsEntry("ssl", "true").containsEntry("sslmode", "verify-full");
        String account = deployments(overlay).get("loader").getSpec().getTemplate().getSpec().getServiceAccountName();
        assertThat(overlay.all(ServiceAccount.class)).filteredOn(sa -> sa.getMetadata().getName().equals(account))
                .singleElement().satisfies(sa -> assertThat(sa.getMetadata().getAnnotations())
                        .containsKey("eks.amazonaws.com/role-arn"));
    }

    @Test
    void secretsComeFromSecretReferencesOnly() {
        Set<String> secrets = secretSettings();
        assertThat(secrets).contains("PIPELINE_WAREHOUSE_PASSWORD", "PIPELINE_SANITIZE_HMAC_KEY", "PIPELINE_HTTP_AUTH_PASSWORD");
        assertThat(settingsMap.getData().keySet()).doesNotContainAnyElementsOf(secrets);
        for (Deployment d : deployments(overlay).values()) {
            for (EnvVar env : container(d).getEnv()) {
                if (secrets.contains(env.getName())) {
                    assertThat(env.getValue()).as(env.getName() + " literal").isNull();
                    assertThat(env.getValueFrom().getSecretKeyRef()).as(env.getName() + " from a Secret").isNotNull();
                }
            }
        }
        assertThat(env(deployments(overlay).get("batcher"))).as("required by the batcher").containsKey("PIPELINE_SANITIZE_HMAC_KEY");
        assertThat(env(deployments(overlay).get("loader"))).as("the loader signs in with its role").doesNotContainKey("PIPELINE_WAREHOUSE_PASSWORD");
        assertThat(settingsMap.getData()).as("S3 through the service account's role, no static keys")
                .doesNotContainKeys("PIPELINE_S3_ACCESS_KEY", "PIPELINE_S3_SECRET_KEY");
    }

    @Test
    void probesUseTheHealthPathsOnTheHttpPort() {
        String health = new HttpManagementServerConfigurationProperties(new MainConfigurationProperties()).getHealthPath();
        deployments(overlay).forEach((role, d) -> {
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
        deployments(overlay).forEach((role, d) -> {
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
        Map<String, ServiceAccount> accounts = byName(overlay.all(ServiceAccount.class), a -> a.getMetadata().getName());
        Set<String> roleArns = new HashSet<>();
        deployments(overlay).forEach((role, d) -> {
            ServiceAccount account = accounts.get(d.getSpec().getTemplate().getSpec().getServiceAccountName());
            assertThat(account).as(role + "'s ServiceAccount").isNotNull();
            assertThat(account.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", role);
            assertThat(account.getAutomountServiceAccountToken()).isFalse();
            String arn = account.getMetadata().getAnnotations().get("eks.amazonaws.com/role-arn");
            assertThat(arn).as(role + "'s IRSA role").startsWith("arn:aws:iam::").endsWith("-" + role);
            roleArns.add(arn);
        });
        assertThat(roleArns).as("one IAM role per role, no sharing").hasSize(ROLES.size());
        // the other three are the day-two Jobs' (JobsManifestsTest); no two accounts share a role either
        assertThat(accounts).hasSize(ROLES.size() + 3);
        assertThat(accounts.values().stream().map(a -> a.getMetadata().getAnnotations().get("eks.amazonaws.com/role-arn")).distinct())
                .hasSize(accounts.size());
    }

    @Test
    void eachRoleListensBeyondLoopbackOnlyWithJolokiaBehindBasicAuthFromTheSecret() {
        deployments(overlay).forEach((role, d) -> {
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
        deployments(overlay).forEach((role, d) -> {
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
    void theJvmIsToldItsCollectorAndProcessorsRatherThanGuessingFromTheNode() {
        deployments(overlay).forEach((role, d) -> {
            Container c = container(d);
            List<String> flags = List.of(env(d).get("JAVA_TOOL_OPTIONS").getValue().split("\\s+"));
            long memoryLimit = Quantity.getAmountInBytes(c.getResources().getLimits().get("memory")).longValue();
            int cpus = Quantity.getAmountInBytes(c.getResources().getRequests().get("cpu")).setScale(0, RoundingMode.CEILING).intValueExact();
            if (memoryLimit < SERVER_CLASS_MEMORY_BYTES || cpus < 2) {
                assertThat(flags).as(role + ": the JVM would pick SerialGC by itself").contains("-XX:+UseG1GC");
            }
            assertThat(flags).as(role + ": as many processors as the CPU request, not the node's cores")
                    .contains("-XX:ActiveProcessorCount=" + cpus);
            Quantity cpuLimit = c.getResources().getLimits().get("cpu");
            if (cpuLimit != null) {
                assertThat(Quantity.getAmountInBytes(cpuLimit)).isGreaterThanOrEqualTo(BigDecimal.valueOf(cpus));
            }
        });
    }

    @Test
    void theGracePeriodOutlastsTheBoundedStop() {
        long camelShutdownSeconds = PipelineSettings.defaults().getLong("camel.main.shutdown-timeout");
        deployments(overlay).forEach((role, d) -> {
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
    void podsSpreadOverZonesAndNodes() {
        deployments(overlay).forEach((role, d) -> {
            Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
            List<TopologySpreadConstraint> spread = d.getSpec().getTemplate().getSpec().getTopologySpreadConstraints();
            assertThat(spread).extracting(TopologySpreadConstraint::getTopologyKey)
                    .containsExactlyInAnyOrder("topology.kubernetes.io/zone", "kubernetes.io/hostname");
            assertThat(spread).allSatisfy(c -> {
                assertThat(labels).as(role + " pods are what the constraint counts").containsAllEntriesOf(c.getLabelSelector().getMatchLabels());
                assertThat(c.getLabelSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", role);
                assertThat(c.getWhenUnsatisfiable()).as("a preference: a small cluster still schedules").isEqualTo("ScheduleAnyway");
            });
        });
    }

    @Test
    void theOverlayPinsTheImageByDigest() {
        deployments(overlay).forEach((role, d) -> assertThat(container(d).getImage()).matches(".+@sha256:[0-9a-f]{64}"));
    }

    @Test
    void disruptionBudgetsNetworkPoliciesAndPodMonitorSelectThePods() {
        Map<String, Deployment> deployments = deployments(overlay);
        List<PodDisruptionBudget> budgets = overlay.all(PodDisruptionBudget.class);
        deployments.forEach((role, d) -> {
            Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(d.getSpec().getSelector().getMatchLabels()).isEqualTo(labels);
            assertThat(budgets).filteredOn(b -> b.getSpec().getSelector().getMatchLabels().equals(labels)).singleElement()
                    .satisfies(b -> assertThat(b.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1));
        });
        NetworkPolicy policy = overlay.all(NetworkPolicy.class).stream()
                .filter(p -> p.getSpec().getPolicyTypes().equals(List.of("Ingress"))).collect(single());
        Map<String, String> common = policy.getSpec().getPodSelector().getMatchLabels();
        deployments.values().forEach(d -> assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(common));
        assertThat(egress(overlay).getSpec().getPodSelector().getMatchLabels()).isEqualTo(common);
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
        PodMonitor monitor = single(overlay.all(PodMonitor.class));
        assertThat(monitor.getSpec().getSelector().getMatchLabels()).isEqualTo(common);
        assertThat(monitor.getSpec().getPodMetricsEndpoints()).singleElement().satisfies(e -> {
            assertThat(e.getPort()).isEqualTo("http");
            assertThat(e.getPath()).isEqualTo("/observe/metrics");
        });
    }

    @Test
    void egressReachesDnsKafkaRedshiftAndHttpsButNeverTheInstanceMetadataService() throws IOException {
        NetworkPolicy policy = egress(overlay);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Egress");
        List<NetworkPolicyEgressRule> rules = policy.getSpec().getEgress();
        Set<Integer> ports = rules.stream().flatMap(r -> r.getPorts().stream()).map(p -> p.getPort().getIntVal())
                .collect(Collectors.toSet());
        assertThat(ports).as("DNS, Kafka TLS and SASL/IAM, Redshift, HTTPS; nothing else")
                .containsExactlyInAnyOrder(53, 9094, 9098, 5439, 443);
        assertThat(rules).as("every rule names its ports").allSatisfy(r -> assertThat(r.getPorts()).isNotEmpty());
        assertThat(rules).filteredOn(r -> r.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == 53))
                .singleElement().satisfies(r -> assertThat(r.getTo()).singleElement().satisfies(peer ->
                        assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("k8s-app", "kube-dns")));
        // the brokers' and the warehouse's ports, as configured, are among those allowed
        for (String broker : settingsMap.getData().get("PIPELINE_KAFKA_BOOTSTRAP_SERVERS").split(",")) {
            assertThat(ports).contains(Integer.parseInt(broker.substring(broker.lastIndexOf(':') + 1)));
        }
        String jdbc = settingsMap.getData().get("PIPELINE_WAREHOUSE_JDBC_URL");
        assertThat(ports).contains(URI.create(jdbc.substring("jdbc:redshift:iam:".length())).getPort());
        // no rule's address range admits the metadata service
        InetAddress imds = InetAddress.getByName(IMDS);
        for (NetworkPolicyEgressRule rule : rules) {
            for (NetworkPolicyPeer peer : rule.getTo()) {
                if (peer.getIpBlock() != null && Cidr.contains(peer.getIpBlock().getCidr(), imds)) {
                    List<String> except = peer.getIpBlock().getExcept() == null ? List.of() : peer.getIpBlock().getExcept();
                    assertThat(except).as(peer.getIpBlock().getCidr() + " must except " + IMDS)
                            .anySatisfy(e -> assertThat(Cidr.contains(e, imds)).isTrue());
                }
                assertThat(peer.getIpBlock() != null || peer.getNamespaceSelector() != null || peer.getPodSelector() != null)
                        .as("no rule open to everything").isTrue();
            }
        }
    }

    @Test
    void kedaScalesTheBatcherOnItsGroupsLagReadFromItsOwnEnvironment() {
        Map<String, Deployment> deployments = deployments(overlay);
        KedaScaledObject so = single(overlay.all(KedaScaledObject.class));
        Deployment batcher = deployments.get("batcher");
        assertThat(so.spec().scaleTargetRef().name()).isEqualTo(batcher.getMetadata().getName());
        assertThat(so.spec().scaleTargetRef().envSourceContainerName()).isEqualTo(container(batcher).getName());
        PipelineSettings settings = effective(batcher);
        int partitions = Integer.parseInt(so.metadata().getAnnotations().get("event-pipeline/topic-partitions"));
        assertThat(so.spec().minReplicaCount()).isGreaterThanOrEqualTo(1);
        assertThat(so.spec().maxReplicaCount()).as("max replicas ≤ partitions").isBetween(1, partitions);
        assertThat(so.spec().triggers()).hasSize(1);
        KedaScaledObject.Trigger trigger = so.spec().triggers().get(0);
        assertThat(trigger.type()).isEqualTo("kafka");
        Map<String, String> m = trigger.metadata();
        assertThat(KedaScaledObject.KAFKA_TRIGGER_KEYS).containsAll(m.keySet());
        assertThat(m).as("brokers, group and topic are never written twice")
                .doesNotContainKeys("bootstrapServers", "consumerGroup", "topic");
        // KEDA resolves each *FromEnv from the container's environment: the ConfigMap the pods read
        Map<String, String> podEnvironment = settingsMap.getData();
        assertThat(podEnvironment.get(m.get("bootstrapServersFromEnv"))).isEqualTo(settings.get("pipeline.kafka.bootstrap-servers"));
        assertThat(podEnvironment.get(m.get("consumerGroupFromEnv"))).isEqualTo(settings.get("pipeline.kafka.group.batcher"));
        assertThat(podEnvironment.get(m.get("topicFromEnv"))).isEqualTo(settings.get("pipeline.kafka.topic.events"));
        assertThat(m.get("offsetResetPolicy")).as("the routes' autoOffsetReset").isEqualTo("earliest");
        assertThat(m.get("allowIdleConsumers")).isEqualTo("false");
        assertThat(m.containsKey("tls")).as("tls with an SSL security protocol")
                .isEqualTo(settings.get("pipeline.kafka.security-protocol").endsWith("SSL"));
        // What a replica keeping up holds uncommitted by design: its rate x (batch age + commit interval).
        long heldSeconds = (settings.getLong("pipeline.batch.max-age-ms") + settings.getLong("pipeline.kafka.commit-interval-ms")) / 1000;
        assertThat(Long.parseLong(m.get("lagThreshold"))).as("lag threshold = events/s per replica x (max-age + commit interval)")
                .isEqualTo(BATCHER_EVENTS_PER_SECOND_PER_REPLICA * heldSeconds);
        assertThat(Long.parseLong(m.get("lagThreshold"))).isGreaterThan(settings.getLong("pipeline.kafka.max-poll-records") * 2);
    }

    @Test
    void scaleStepsAreStabilizedAndOnePodAtATimeDown() {
        HorizontalPodAutoscalerBehavior behavior = single(overlay.all(KedaScaledObject.class)).spec().advanced()
                .horizontalPodAutoscalerConfig().behavior();
        // every step is a rebalance that flushes the moved partitions' batches
        assertThat(behavior.getScaleDown().getStabilizationWindowSeconds()).isGreaterThanOrEqualTo(300);
        assertThat(behavior.getScaleDown().getPolicies()).singleElement().satisfies(p -> {
            assertThat(p.getType()).isEqualTo("Pods");
            assertThat(p.getValue()).isEqualTo(1);
            assertThat(p.getPeriodSeconds()).isGreaterThanOrEqualTo(behavior.getScaleDown().getStabilizationWindowSeconds());
        });
        assertThat(behavior.getScaleUp().getStabilizationWindowSeconds()).as("not on one poll's spike").isPositive();
        assertThat(behavior.getScaleUp().getPolicies()).isNotEmpty().allSatisfy(p -> assertThat(p.getType()).isEqualTo("Pods"));
    }

    @Test
    void theLoaderRunsAFixedSmallCount() {
        Deployment loader = deployments(overlay).get("loader");
        assertThat(overlay.all(KedaScaledObject.class)).noneMatch(so -> so.spec().scaleTargetRef().name().equals(loader.getMetadata().getName()));
        assertThat(loader.getSpec().getReplicas()).as("serialized on the ledger lock: two for availability, no more").isEqualTo(2);
        assertThat(deployments(overlay).get("batcher").getSpec().getReplicas()).as("KEDA owns the batcher's count").isNull();
    }

    @Test
    void theMskIamComponentSignsKedasQueriesWithTheBatchersRole(@TempDir Path copy) throws IOException {
        Path root = RenderedCopy.of(copy);
        Path kustomization = root.resolve(OVERLAY).resolve("kustomization.yaml");
        Files.writeString(kustomization, Files.readString(kustomization) + "components:\n  - ../../components/msk-iam\n");
        Manifests msk = Manifests.render(root.resolve(OVERLAY));
        KedaTriggerAuthentication auth = single(msk.all(KedaTriggerAuthentication.class));
        assertThat(auth.spec().podIdentity().provider()).isEqualTo("aws");
        assertThat(auth.spec().podIdentity().identityOwner()).as("the batcher's own IRSA role").isEqualTo("workload");
        KedaScaledObject.Trigger trigger = single(msk.all(KedaScaledObject.class)).spec().triggers().get(0);
        assertThat(trigger.authenticationRef().name()).isEqualTo(auth.metadata().getName());
        assertThat(trigger.metadata()).containsEntry("sasl", "oauthbearer").containsEntry("saslTokenProvider", "aws_msk_iam")
                .containsEntry("tls", "enable").containsEntry("awsRegion", settingsMap.getData().get("PIPELINE_S3_REGION"))
                .containsKey("lagThreshold");
        assertThat(KedaScaledObject.KAFKA_TRIGGER_KEYS).containsAll(trigger.metadata().keySet());
    }

    private static Map<String, String> jdbcOptions(String url) {
        int q = url.indexOf('?');
        Map<String, String> options = new HashMap<>();
        if (q >= 0) {
            for (String pair : url.substring(q + 1).split("[&;]")) {
                int eq = pair.indexOf('=');
                options.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return options;
    }

    private static NetworkPolicy egress(Manifests manifests) {
        return manifests.all(NetworkPolicy.class).stream().filter(p -> p.getSpec().getPolicyTypes().contains("Egress")).collect(single());
    }

    private static void assertProbe(Probe probe, String path, ContainerPort port) {
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        String named = probe.getHttpGet().getPort().getStrVal();
        assertThat(named == null ? probe.getHttpGet().getPort().getIntVal() : (Object) named)
                .isIn(port.getName(), port.getContainerPort());
    }

    static Map<String, Deployment> deployments(Manifests manifests) {
        Map<String, Deployment> byRole = new HashMap<>();
        for (Deployment d : manifests.all(Deployment.class)) {
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

    private static <T> Map<String, T> byName(List<T> items, java.util.function.Function<T, String> name) {
        return items.stream().collect(Collectors.toMap(name, i -> i));
    }

    private static <T> java.util.stream.Collector<T, ?, T> single() {
        return Collectors.collectingAndThen(Collectors.toList(), KubernetesManifestsTest::single);
    }

    private static <T> T single(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }
}
