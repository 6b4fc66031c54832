package routes.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerting rules: one source (deploy/prometheus/event-pipeline.rules.yaml) shipped twice, each alert tested by
 * promtool, linked to its runbook and shown on the dashboard.
 */
class AlertRulesTest {

    static final Path RULES = Path.of("deploy", "prometheus", "event-pipeline.rules.yaml");
    static final Path RULE_TESTS = Path.of("deploy", "prometheus", "event-pipeline.rules.test.yaml");
    static final Path PROMETHEUS_RULE = Path.of("deploy", "kubernetes", "base", "prometheusrule.yaml");
    static final Path RUNBOOKS = Path.of("docs", "runbooks.md");
    static final Path DASHBOARD = Path.of("docs", "grafana-dashboard.json");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMETHEUS_RULE_HEADER = """
            # event-pipeline's alerting rules for the Prometheus Operator. Generated from
            # deploy/prometheus/event-pipeline.rules.yaml, the source and the rules file for a Prometheus without the
            # operator: edit that one, then run mvn -B test -Dtest=AlertRulesTest -Dalert.rules.write=true
            """;

    @Test
    void thePrometheusRuleCarriesTheRulesFileGroups() throws IOException {
        JsonNode groups = YAML.readTree(RULES.toFile()).get("groups");
        if (Boolean.getBoolean("alert.rules.write")) {
            Files.writeString(PROMETHEUS_RULE, prometheusRule(Files.readString(RULES)));
        }
        JsonNode operatorRule = YAML.readTree(PROMETHEUS_RULE.toFile());
        assertThat(operatorRule.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(operatorRule.path("spec").path("groups"))
                .as("deploy/kubernetes/base/prometheusrule.yaml is stale: run mvn -B test -Dtest=AlertRulesTest -Dalert.rules.write=true")
                .isEqualTo(groups);
    }

    /** The source's groups, comments included, under a PrometheusRule's spec. */
    static String prometheusRule(String rulesFile) {
        String groups = rulesFile.substring(rulesFile.indexOf("\ngroups:") + 1);
        return PROMETHEUS_RULE_HEADER + """
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata:
                  name: event-pipeline
                spec:
                """ + groups.lines().map(line -> line.isEmpty() ? line : "  " + line).collect(Collectors.joining("\n", "", "\n"));
    }

    /** promtool check rules and promtool test rules; in CI (CI=true) a missing promtool fails the build. */
    @Test
    void promtoolPassesEveryRuleTest() throws Exception {
        Path promtool = PrometheusBinaries.require("promtool");
        assertThat(run(promtool, "check", "rules", RULES.toString())).contains("SUCCESS: " + alerts().size() + " rules found");
        assertThat(run(promtool, "test", "rules", RULE_TESTS.toString())).contains("SUCCESS");
    }

    @Test
    void everyAlertIsTestedFiringAndSilent() throws IOException {
        JsonNode tests = YAML.readTree(RULE_TESTS.toFile()).get("tests");
        List<String> firing = new ArrayList<>();
        List<String> silent = new ArrayList<>();
        tests.forEach(t -> t.path("alert_rule_test").forEach(a ->
                (a.path("exp_alerts").isEmpty() ? silent : firing).add(a.path("alertname").asText())));
        assertThat(firing).as("alerts expected to fire in a test").containsAll(alerts().keySet());
        // a test that fires for one series and not for the healthy ones next to it is silent on those too; a test
        // with an empty exp_alerts shows the alert holds back (before its for:, or on the other role's series)
        assertThat(silent).as("alerts checked silent at some time").isNotEmpty();
    }

    @Test
    void everyAlertLinksItsRunbookSection() throws IOException {
        String runbooks = Files.readString(RUNBOOKS);
        List<String> anchors = new ArrayList<>();
        Matcher heading = Pattern.compile("(?m)^#{2,3} (.+)$").matcher(runbooks);
        while (heading.find()) {
            anchors.add(heading.group(1).trim().toLowerCase().replaceAll("[^a-z0-9 -]", "").replace(' ', '-'));
        }
        for (Map.Entry<String, JsonNode> alert : alerts().entrySet()) {
            String url = alert.getValue().path("annotations").path("runbook_url").asText();
            assertThat(url).as(alert.getKey()).startsWith("docs/runbooks.md#");
            assertThat(anchors).as("runbook section of " + alert.getKey()).contains(url.substring(url.indexOf('#') + 1));
        }
    }

    @Test
    void theDashboardShowsEveryAlertsExpression() throws IOException {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        Map<String, String> shown = new LinkedHashMap<>();
        panels(dashboard.path("panels")).forEach(p -> p.path("targets").forEach(t ->
                shown.put(t.path("expr").asText(), p.path("title").asText())));
        alerts().forEach((name, rule) -> assertThat(shown).as("a panel showing " + name + "'s expression")
                .containsKey(rule.path("expr").asText()));
    }

    /** Every alerting rule by name. */
    static Map<String, JsonNode> alerts() throws IOException {
        Map<String, JsonNode> alerts = new LinkedHashMap<>();
        YAML.readTree(RULES.toFile()).get("groups").forEach(g -> g.path("rules").forEach(r -> {
            if (r.has("alert")) {
                alerts.put(r.get("alert").asText(), r);
            }
        }));
        return alerts;
    }

    private static Stream<JsonNode> panels(JsonNode panels) {
        List<JsonNode> all = new ArrayList<>();
        panels.forEach(p -> {
            all.add(p);
            p.path("panels").forEach(all::add);
        });
        return all.stream();
    }

    private static String run(Path promtool, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        return output;
    }
}
