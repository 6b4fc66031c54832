package routes.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import routes.EventPipelineCli;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.testing.EmbeddedServices;
import routes.testing.TestPipelines;
import routes.testing.TestPipelines.Namespace;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code preflight} in-process against the embedded Kafka, S3 server and PostgreSQL, as an operator would run
 * it before {@code run}: green on a healthy setup, and one broken setting per area gives exit 1 and a FAIL line
 * naming that setting, never a stack trace.
 */
@ExtendWith(EmbeddedServices.class)
class PreflightIT {

    /** The settings a test pipeline overrides: connection properties, names unique to the namespace. */
    private static final List<String> KEYS = List.of(Setting.KAFKA_BOOTSTRAP_SERVERS, Setting.KAFKA_TOPIC_EVENTS,
            Setting.KAFKA_TOPIC_BATCHES, Setting.KAFKA_TOPIC_DLQ, Setting.KAFKA_GROUP_BATCHER,
            Setting.KAFKA_GROUP_LOADER, Setting.S3_BUCKET, Setting.S3_ENDPOINT, Setting.S3_ACCESS_KEY,
            Setting.S3_SECRET_KEY, Setting.S3_PREFIX, Setting.WAREHOUSE_JDBC_URL, Setting.WAREHOUSE_USER,
            Setting.WAREHOUSE_PASSWORD, Setting.WAREHOUSE_TABLES, Setting.SANITIZE_HMAC_KEY);

    @TempDir
    Path dir;

    @Test
    void healthySetupPassesRollsEveryCanaryBackAndDeletesItsObjects() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(2);
        Path json = dir.resolve("preflight.json");

        Run run = preflight(TestPipelines.settings(ns).build(), "--report", json.toString());

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.lines("FAIL")).isEmpty();
        assertThat(run.lines("WARN")).allSatisfy(line -> assertThat(line).contains(" -> "));
        assertThat(run.lines("PASS")).anySatisfy(l -> assertThat(l).startsWith("PASS kafka.brokers"))
                .anySatisfy(l -> assertThat(l).startsWith("PASS s3.canary"))
                .anySatisfy(l -> assertThat(l).startsWith("PASS s3.missing-object HEAD of a missing object answers 404"))
                .anySatisfy(l -> assertThat(l).startsWith("PASS warehouse.grants"))
                .anySatisfy(l -> assertThat(l).startsWith("PASS canary.rolled-back"))
                .anySatisfy(l -> assertThat(l).startsWith("PASS canary.view created, read ("))
                .anySatisfy(l -> assertThat(l).startsWith("PASS reconcile.statements 9 statements ran"));
        // eight cycles on one connection, each did what the loader relies on
        assertThat(run.lines("PASS canary.cycle")).hasSize(8);
        assertThat(run.output()).contains("canary.cycle4.event_id-and-EVENT_ID staged 1, inserted 1, duplicates 0")
                .contains("canary.cycle7.duplicate-id staged 5, inserted 3, duplicates 2")
                .contains("canary.cycle8.missing-object staged 1, inserted 1, duplicates 0, failed 1 [object missing]")
                .contains("occurred_at stored as 2026-01-01T21:34:05.123457Z");
        // nothing stayed: no canary object, no target table (it was created inside the rolled-back transactions)
        assertThat(EmbeddedServices.listObjects(ns.prefix() + "preflight/")).isEmpty();
        assertThat(EmbeddedServices.listObjects("manifests/")).noneMatch(k -> k.contains(ns.id()));
        try (Connection c = EmbeddedServices.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regclass('" + ns.table() + "') IS NULL")) {
            rs.next();
            assertThat(rs.getBoolean(1)).isTrue();
        }
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("exit_code").asInt()).isZero();
        assertThat(report.get("checks")).hasSize(run.lines("").size());
        assertThat(run.output()).doesNotContain("test-hmac-key-of-at-least-32-bytes").doesNotContain(EmbeddedServices.s3SecretKey() + " ");
    }

    @Test
    void wrongBucketFailsNamingTheBucketSetting() {
        Namespace ns = Namespace.random();
        ns.createTopics(1);

        Run run = preflight(TestPipelines.settings(ns).set(Setting.S3_BUCKET, "nope").build());

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.lines("FAIL s3.bucket")).singleElement().asString()
                .contains("bucket nope does not exist").contains(Setting.S3_BUCKET);
        assertThat(run.lines("WARN canary.load")).singleElement().asString().contains("not run");
    }

    /**
     * The embedded PostgreSQL trusts local connections, so a wrong password alone is not refused there; a login
     * for a user it does not know is refused the same way (SQLState 28000) as a wrong password on Redshift.
     */
    @Test
    void refusedWarehouseLoginFailsNamingThePasswordSetting() {
        Namespace ns = Namespace.random();
        ns.createTopics(1);

        Run run = preflight(TestPipelines.settings(ns).set(Setting.WAREHOUSE_USER, "nobody")
                .set(Setting.WAREHOUSE_PASSWORD, "not-the-password").build());

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.lines("FAIL warehouse.connect")).singleElement().asString().contains(Setting.WAREHOUSE_PASSWORD);
        assertThat(run.output()).doesNotContain("not-the-password");
    }

    @Test
    void missingTopicFailsNamingTheTopicSetting() {
        Namespace ns = Namespace.random();
        EmbeddedServices.createTopic(ns.batches(), 1);
        EmbeddedServices.createTopic(ns.dlq(), 1); // topic A never created

        Run run = preflight(TestPipelines.settings(ns).build());

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.lines("FAIL kafka.topic.events")).singleElement().asString()
                .contains("topic " + ns.events() + " does not exist").contains(Setting.KAFKA_TOPIC_EVENTS);
    }

    @Test
    void stoppedWarehouseFailsInOneLineWithoutAStackTrace() throws Exception {
        Namespace ns = Namespace.random();
        ns.createTopics(1);
        EmbeddedServices.stopPostgres();
        Run run;
        try {
            run = preflight(TestPipelines.settings(ns).build());
        } finally {
            EmbeddedServices.startPostgres();
        }

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.lines("FAIL warehouse.connect")).singleElement().asString().contains(Setting.WAREHOUSE_JDBC_URL);
        assertThat(run.lines("WARN canary.load")).singleElement().asString().contains("warehouse did not answer");
    }

    private record Run(int exit, String output) {
        List<String> lines(String start) {
            return output.lines().filter(l -> l.matches("(PASS|WARN|FAIL) .*") && l.startsWith(start)).toList();
        }
    }

    /** {@code java -jar … preflight --key=value…}, in-process; the output must never hold a stack trace. */
    private static Run preflight(PipelineSettings settings, String... args) {
        List<String> all = new ArrayList<>(List.of("preflight"));
        all.addAll(List.of(args));
        KEYS.forEach(key -> all.add("--" + key + "=" + settings.get(key)));
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            exit = new CommandLine(new EventPipelineCli()).execute(all.toArray(String[]::new));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        stdout.print(text);
        assertThat(text).doesNotContain("\tat ").doesNotContain("Exception in thread");
        return new Run(exit, text);
    }
}
