package routes.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import routes.EventPipelineCli;
import routes.config.PipelineSettings;
import routes.config.RunRequirements;
import routes.config.RunRequirements.Need;
import routes.operate.JanitorFloor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The day-two Jobs of deploy/kubernetes/base/jobs: each command under its own ServiceAccount and IAM role (the
 * policy IamPoliciesTest checks against that command's code), the restricted Pod Security Standard, arguments the
 * CLI accepts, what each command needs from the settings, and the overlay rendering them like the Deployments. Read
 * from what {@code kubectl kustomize} renders of the example overlay (the base's kustomization includes base/jobs),
 * the Jobs picked by kind, their ServiceAccounts by the names the Jobs give.
 */
class JobsManifestsTest {

    private static final Set<String> COMMANDS = Set.of("preflight", "janitor", "replay");
    /** Volume types the restricted Pod Security Standard allows (kubernetes.io/docs/concepts/security/pod-security-standards). */
    private static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");

    private static Manifests base;
    private static Manifests overlay;
    private static Map<String, CronJob> jobs;
    private static ConfigMap settingsMap;

    @BeforeAll
    static void render() throws IOException {
        Kubectl.require();
        base = Manifests.render(Manifests.BASE);
        overlay = Manifests.render(Manifests.OVERLAY);
        jobs = overlay.all(CronJob.class).stream()
                .collect(Collectors.toMap(j -> j.getMetadata().getLabels().get("app.kubernetes.io/component"), j -> j));
        List<ConfigMap> settings = overlay.all(ConfigMap.class);
        assertThat(settings).hasSize(1);
        settingsMap = settings.get(0);
    }

    @Test
    void eachCommandRunsUnderItsOwnServiceAccountWhoseRolesPolicyIsCheckedAgainstItsCode() {
        assertThat(jobs.keySet()).isEqualTo(COMMANDS);
        Set<String> jobAccounts = jobs.values().stream().map(j -> pod(j).getServiceAccountName()).collect(Collectors.toSet());
        Map<String, ServiceAccount> accounts = overlay.all(ServiceAccount.class).stream()
                .filter(a -> jobAccounts.contains(a.getMetadata().getName()))
                .collect(Collectors.toMap(a -> a.getMetadata().getName(), a -> a));
        Set<String> arns = new java.util.HashSet<>();
        jobs.forEach((command, job) -> {
            PodSpec pod = pod(job);
            assertThat(container(job).getArgs().get(0)).isEqualTo(command);
            ServiceAccount account = accounts.get(pod.getServiceAccountName());
            assertThat(account).as(command + "'s ServiceAccount").isNotNull();
            assertThat(account.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", command);
            assertThat(account.getAutomountServiceAccountToken()).isFalse();
            String arn = account.getMetadata().getAnnotations().get("eks.amazonaws.com/role-arn");
            assertThat(arn).startsWith("arn:aws:iam::").endsWith("-" + command);
            arns.add(arn);
            assertThat(IamPoliciesTest.role(command).policy()).as(command + "'s policy").exists();
            assertThat(pod.getRestartPolicy()).isEqualTo("Never");
            assertThat(pod.getContainers()).hasSize(1);
        });
        assertThat(arns).as("one IAM role per command").hasSize(COMMANDS.size());
        overlay.all(Deployment.class).forEach(d -> assertThat(
                d.getSpec().getTemplate().getSpec().getServiceAccountName()).as("the long-running roles keep theirs").isNotIn(accounts.keySet()));
    }

    @Test
    void everyJobMeetsTheRestrictedPodSecurityStandard() throws IOException {
        String imageUser = Dockerfile.read().last("USER").arguments().split(":")[0];
        jobs.forEach((command, job) -> {
            PodSpec pod = pod(job);
            Container c = container(job);
            assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getHostIPC()).isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).hasToString(imageUser);
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(c.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(c.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(c.getPorts()).isNullOrEmpty();
            for (Volume v : pod.getVolumes()) {
                assertThat(volumeType(v)).as(command + " volume " + v.getName()).isIn(RESTRICTED_VOLUMES);
            }
            assertThat(writableMounts(job)).as(command + ": java.io.tmpdir").contains("/tmp");
            assertThat(c.getResources().getLimits().get("memory")).isEqualTo(c.getResources().getRequests().get("memory"));
        });
    }

    @Test
    void theArgumentsAreOnesTheCliAccepts() {
        assertThat(parse(container(jobs.get("preflight")).getArgs())).isTrue();
        assertThat(parse(container(jobs.get("janitor")).getArgs())).isTrue();
        List<String> replay = container(jobs.get("replay")).getArgs();
        assertThat(parse(replay)).as("the template alone lacks the window, so it cannot replay by accident").isFalse();
        List<String> withWindow = new ArrayList<>(replay);
        withWindow.addAll(List.of("--from", "2026-12-01T00", "--to", "2026-12-02T00", "--dry-run"));
        assertThat(parse(withWindow)).as("the template with the window docs/day-two-jobs.md appends").isTrue();
    }

    @Test
    void preflightAndReplayAreTemplatesAndTheJanitorRunsDailyOneAtATime() {
        assertThat(jobs.get("preflight").getSpec().getSuspend()).isTrue();
        assertThat(jobs.get("replay").getSpec().getSuspend()).isTrue();
        CronJob janitor = jobs.get("janitor");
        assertThat(janitor.getSpec().getSuspend()).isNotEqualTo(Boolean.TRUE);
        assertThat(janitor.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        assertThat(janitor.getSpec().getSchedule().split(" ")).hasSize(5);
        jobs.values().forEach(j -> assertThat(j.getSpec().getJobTemplate().getSpec().getActiveDeadlineSeconds()).isPositive());
        assertThat(jobs.get("preflight").getSpec().getJobTemplate().getSpec().getBackoffLimit())
                .as("a FAIL is read, not retried").isZero();
    }

    @Test
    void preflightWritesItsReportOnAWritableVolumeAndReadsTheSecretsRunWillBeGiven() throws IOException {
        CronJob preflight = jobs.get("preflight");
        List<String> args = container(preflight).getArgs();
        Path report = Path.of(args.get(args.indexOf("--report") + 1));
        assertThat(writableMounts(preflight)).as("--report " + report).anyMatch(m -> report.startsWith(m));
        // the files the settings name are keys of the mounted Secret: the HMAC key, and the HTTP password where
        // the image looks for it (Dockerfile ENV PIPELINE_HTTP_AUTH_PASSWORD_FILE)
        Map<String, String> fileSettings = new HashMap<>(Dockerfile.read().environment());
        container(preflight).getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> fileSettings.put(e.getName(), e.getValue()));
        Map<String, String> secretFiles = secretFiles(preflight);
        assertThat(secretFiles).containsEntry(fileSettings.get("PIPELINE_SANITIZE_HMAC_KEY_FILE"), "sanitize-hmac-key")
                .containsEntry(fileSettings.get("PIPELINE_HTTP_AUTH_PASSWORD_FILE"), "http-auth-password");
        jobs.values().forEach(j -> assertThat(container(j).getEnv()).as("no secret as a literal or variable")
                .allSatisfy(e -> assertThat(e.getName()).endsWith("_FILE")));
    }

    @Test
    void janitorAndReplayHaveEverySettingTheyRefuseToDefaultAndJanitorKeepsAboveItsFloor() {
        for (String command : List.of("janitor", "replay")) {
            PipelineSettings settings = effective(jobs.get(command));
            assertThat(RunRequirements.missing(settings, EnumSet.of(Need.KAFKA, Need.S3, Need.WAREHOUSE))).as(command).isEmpty();
        }
        List<String> args = container(jobs.get("janitor")).getArgs();
        String age = args.get(args.indexOf("--older-than") + 1);
        Duration olderThan = Duration.ofSeconds(Long.parseLong(age.substring(0, age.length() - 1))
                * switch (age.charAt(age.length() - 1)) { case 's' -> 1; case 'm' -> 60; case 'h' -> 3600; default -> 86400; });
        JanitorFloor.of(effective(jobs.get("janitor"))).check(olderThan);
    }

    @Test
    void theOverlayRendersTheJobsWithItsNamespaceImageAndTheDeploymentsSettings() {
        Deployment batcher = overlay.all(Deployment.class).stream().findFirst().orElseThrow();
        Container reference = batcher.getSpec().getTemplate().getSpec().getContainers().get(0);
        String settingsName = reference.getEnvFrom().get(0).getConfigMapRef().getName();
        assertThat(settingsName).as("the generated ConfigMap's hashed name").isEqualTo(settingsMap.getMetadata().getName());
        assertThat(overlay.all(CronJob.class)).hasSize(COMMANDS.size()).allSatisfy(j -> {
            assertThat(j.getMetadata().getNamespace()).isEqualTo(batcher.getMetadata().getNamespace());
            assertThat(container(j).getImage()).isEqualTo(reference.getImage());
            assertThat(container(j).getEnvFrom()).extracting(e -> e.getConfigMapRef().getName()).containsExactly(settingsName);
        });
        assertThat(overlay.all(ServiceAccount.class)).hasSize(2 + COMMANDS.size());
    }

    @Test
    void theBaseRendersTheJobsAndLeavesTheirRolesToTheEnvironment() {
        assertThat(base.all(CronJob.class)).hasSize(COMMANDS.size());
        assertThat(base.all(ServiceAccount.class)).hasSize(2 + COMMANDS.size()).allSatisfy(a -> assertThat(
                a.getMetadata().getAnnotations()).as("the role ARN comes from the overlay's environment.env")
                .isNullOrEmpty());
    }

    private static boolean parse(List<String> args) {
        try {
            new CommandLine(new EventPipelineCli()).parseArgs(args.toArray(String[]::new));
            return true;
        } catch (CommandLine.ParameterException e) {
            return false;
        }
    }

    private static PipelineSettings effective(CronJob job) {
        Map<String, String> environment = new HashMap<>(settingsMap.getData());
        container(job).getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> environment.put(e.getName(), e.getValue()));
        return PipelineSettings.builder().environment(environment).build();
    }

    /** mount path of each secret item → its key in the Secret. */
    private static Map<String, String> secretFiles(CronJob job) {
        Map<String, Volume> volumes = pod(job).getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
        Map<String, String> files = new HashMap<>();
        for (VolumeMount m : container(job).getVolumeMounts()) {
            Volume v = volumes.get(m.getName());
            if (v.getSecret() != null) {
                assertThat(m.getReadOnly()).isTrue();
                for (KeyToPath item : v.getSecret().getItems()) {
                    files.put(m.getMountPath() + "/" + item.getPath(), item.getKey());
                }
            }
        }
        return files;
    }

    private static List<String> writableMounts(CronJob job) {
        Map<String, Volume> volumes = pod(job).getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
        return container(job).getVolumeMounts().stream().filter(m -> volumes.get(m.getName()).getEmptyDir() != null)
                .map(VolumeMount::getMountPath).toList();
    }

    private static String volumeType(Volume v) {
        return Stream.of(v.getClass().getDeclaredFields()).filter(f -> !f.getName().equals("name")
                        && !f.getName().equals("additionalProperties")).filter(f -> {
                    try {
                        f.setAccessible(true);
                        return f.get(v) != null;
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }).map(java.lang.reflect.Field::getName).findFirst().orElseThrow();
    }

    private static PodSpec pod(CronJob job) {
        return job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    }

    private static Container container(CronJob job) {
        return pod(job).getContainers().get(0);
    }
}
