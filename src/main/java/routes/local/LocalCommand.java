package routes.local;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;
import routes.PipelineRuntime;
import routes.RoutesOptions;
import routes.SettingsOptions;
import routes.ShutdownSignal;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.monitor.HttpAccess;
import routes.status.StatusPage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"The whole pipeline on this machine: embedded Kafka (KRaft), S3-compatible server and PostgreSQL",
                "on 127.0.0.1, both routes, a synthetic event generator and a status panel (a progress line when stdout is",
                "not a terminal); the status page is at http://127.0.0.1:8080/. Ctrl-C stops it cleanly."})
final class LocalCommand implements Callable<Integer> {

    private static final String HOST = "127.0.0.1";
    private static final String DATABASE = "events";

    @Option(names = "--rate", paramLabel = "N", description = "Generated events per second; 0 = no generator (default: pipeline.local.rate = 1000).")
    Integer rate;

    @Option(names = "--keys", paramLabel = "N", description = "Distinct event keys of the generator (default: pipeline.local.keys = 50).")
    Integer keys;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Keep the services' state here between runs (default: a temp dir removed on exit).")
    Path dataDir;

    @Option(names = "--verbose", description = "Log to the console as well on a terminal, with a progress line instead of the status panel.")
    boolean verbose;

    @Option(names = "--secure", description = {"Kafka on SASL_SSL only (SCRAM-SHA-512, a CA generated into the data dir), with an",
            "authorizer and one principal per role holding exactly the ACLs of docs/security.md; credentials in files."})
    boolean secure;

    @Option(names = "--reload", description = "With --routes FILE: saved edits of FILE replace the running routes (Camel's route reload).")
    boolean reload;

    @Mixin
    SettingsOptions options;

    @Mixin
    RoutesOptions routes;

    @Unmatched
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PipelineSettings.Builder builder = options.resolve("local", overrides);
        if (rate != null) {
            builder.set(Setting.LOCAL_RATE, rate.toString());
        }
        if (keys != null) {
            builder.set(Setting.LOCAL_KEYS, keys.toString());
        }
        if (dataDir != null) {
            builder.set(Setting.LOCAL_DATA_DIR, dataDir.toString());
        }
        // before any service starts: a routes file that cannot run stops here, naming its file and line
        if (!routes.apply(builder, reload)) {
            return 2;
        }
        PipelineSettings requested = builder.build();
        HttpAccess.check(requested); // before any service starts, as `run` does
        String dir = requested.get(Setting.LOCAL_DATA_DIR);
        Path state = dir.isEmpty() ? Files.createTempDirectory("event-pipeline-local") : Path.of(dir);
        boolean temporary = dir.isEmpty();

        long started = System.nanoTime();
        PortGuard.requireFree(HOST, requested.getInt(Setting.HTTP_PORT), Setting.HTTP_PORT);
        // a terminal gets the status panel and the log goes to a file; CI, pipes, `&` and --verbose keep the lines
        ConsoleLog.Warnings warnings = null;
        Path log = state.resolve("pipeline.log");
        if (Terminal.interactive() && !verbose) {
            warnings = ConsoleLog.toFile(log);
            System.out.println("starting event-pipeline local … (log: " + log + ")");
        }
        ShutdownSignal signal = ShutdownSignal.install();
        LocalKafkaSecurity kafkaSecurity = secure ? new LocalKafkaSecurity(state.resolve("secure"), HOST) : null;
        try (LocalServices services = new LocalServices(servicesSettings(requested, state), kafkaSecurity)) {
            services.start();
            if (kafkaSecurity != null) {
                services.kafka().grantRoles(new KafkaRoleAcls(requested.get(Setting.KAFKA_TOPIC_EVENTS),
                        requested.get(Setting.KAFKA_TOPIC_BATCHES), requested.get(Setting.KAFKA_TOPIC_DLQ),
                        requested.get(Setting.KAFKA_GROUP_BATCHER), requested.get(Setting.KAFKA_GROUP_LOADER)));
                // both roles in this one process: the principal holding the batcher's and the loader's ACLs
                kafkaSecurity.pipelineSettings(LocalKafkaSecurity.PIPELINE).forEach(builder::set);
                kafkaSecurity.s3Settings().forEach(builder::set);
            }
            PipelineSettings settings = builder
                    .set(Setting.KAFKA_BOOTSTRAP_SERVERS, services.kafkaBootstrapServers())
                    .set(Setting.S3_ENDPOINT, services.s3Endpoint())
                    .set(Setting.WAREHOUSE_JDBC_URL, services.jdbcUrl())
                    .build();
            try (PipelineRuntime runtime = PipelineRuntime.start(settings);
                 EventGenerator generator = generator(settings, kafkaSecurity);
                 AutoCloseable display = display(settings, runtime, warnings,
                         banner(settings, state, (System.nanoTime() - started) / 1_000_000, warnings)
                                 + (kafkaSecurity == null ? "" : secureConnections(settings, kafkaSecurity)))) {
                signal.await();
                display.close(); // the panel's last frame stays on screen, the stop's lines go below it
                System.out.println();
                System.out.println("stopping: consumers, open batches, services …");
            }
        } finally {
            if (temporary) {
                // the log outlives the temporary state: it is what explains a start or stop that went wrong
                deleteRecursively(state, warnings == null ? null : log);
            }
        }
        System.out.println(warnings == null ? "stopped" : "stopped (log: " + log + ")");
        return 0;
    }

    private static LocalServicesSettings servicesSettings(PipelineSettings s, Path state) {
        return new LocalServicesSettings(HOST,
                s.getInt(Setting.LOCAL_KAFKA_PORT), s.getInt(Setting.LOCAL_KAFKA_CONTROLLER_PORT),
                s.getInt(Setting.LOCAL_S3_PORT), s.getInt(Setting.LOCAL_POSTGRES_PORT),
                state, s.get(Setting.S3_BUCKET),
                s.get(Setting.S3_ACCESS_KEY), s.secret(Setting.S3_SECRET_KEY),
                s.get(Setting.WAREHOUSE_USER), s.secret(Setting.WAREHOUSE_PASSWORD), DATABASE,
                Map.of(s.get(Setting.KAFKA_TOPIC_EVENTS), s.getInt(Setting.LOCAL_EVENTS_PARTITIONS),
                        s.get(Setting.KAFKA_TOPIC_BATCHES), s.getInt(Setting.LOCAL_EVENTS_PARTITIONS),
                        s.get(Setting.KAFKA_TOPIC_DLQ), 1));
    }

    private static EventGenerator generator(PipelineSettings s, LocalKafkaSecurity kafkaSecurity) {
        int rate = s.getInt(Setting.LOCAL_RATE);
        // on a secured broker the generator is an app: its principal may write topic A, nothing else
        Map<String, Object> security = kafkaSecurity == null ? Map.of() : kafkaSecurity.clientProperties(LocalKafkaSecurity.APP);
        return new EventGenerator(s.get(Setting.KAFKA_BOOTSTRAP_SERVERS), security, s.get(Setting.KAFKA_TOPIC_EVENTS), rate,
                new SyntheticEvents(System.nanoTime(), s.getInt(Setting.LOCAL_KEYS), SyntheticEvents.DEFAULT_EVENT_BYTES)).start();
    }

    /**
     * The status panel when the log went to a file (a terminal), otherwise the banner and then the progress line
     * every pipeline.local.progress-interval-s (also the fallback when the status page is switched off).
     */
    private static AutoCloseable display(PipelineSettings s, PipelineRuntime runtime, ConsoleLog.Warnings warnings, String banner) {
        StatusPage status = runtime.status();
        if (warnings != null && status != null) {
            return TerminalPanel.start(runtime.camelContext(), System.out, banner.lines().toList(), status::report, warnings,
                    s.getLong(Setting.LOCAL_PANEL_INTERVAL_MS));
        }
        System.out.print(banner);
        return ProgressReporter.start(runtime.camelContext(), s, runtime.beans().metrics());
    }

    private static String banner(PipelineSettings s, Path state, long millis, ConsoleLog.Warnings logToFile) {
        String http = "http://" + s.get(Setting.HTTP_HOST) + ":" + s.get(Setting.HTTP_PORT);
        return String.format("""
                event-pipeline local is up in %d ms (state in %s)
                  Kafka       %s   topics %s, %s, %s
                  S3          %s   bucket %s (access key %s)
                  PostgreSQL  %s   user %s
                  HTTP        %s/observe/health  %s/observe/metrics  %s/observe/jolokia
                  status      %s/%s
                  generator   %s events/s
                Ctrl-C stops everything.
                """, millis, state,
                s.get(Setting.KAFKA_BOOTSTRAP_SERVERS), s.get(Setting.KAFKA_TOPIC_EVENTS),
                s.get(Setting.KAFKA_TOPIC_BATCHES), s.get(Setting.KAFKA_TOPIC_DLQ),
                s.get(Setting.S3_ENDPOINT), s.get(Setting.S3_BUCKET), s.get(Setting.S3_ACCESS_KEY),
                s.get(Setting.WAREHOUSE_JDBC_URL), s.get(Setting.WAREHOUSE_USER),
                http, http, http, http, logToFile == null ? "" : "   log " + state.resolve("pipeline.log"),
                s.get(Setting.LOCAL_RATE));
    }

    /** How outside clients connect to the secured services; secrets stay in their files (never on the console). */
    private static String secureConnections(PipelineSettings s, LocalKafkaSecurity kafkaSecurity) {
        String operator = LocalKafkaSecurity.OPERATOR;
        return """
                secured: Kafka takes SASL_SSL with SCRAM-SHA-512 only, each principal only its ACLs; S3 on HTTPS, PostgreSQL on TLS (docs/security.md)
                  CA          %s
                  passwords   %s/<principal>.password  (%s, %s, %s, %s, %s)
                  kcat        kcat -b %s -X security.protocol=SASL_SSL -X sasl.mechanisms=SCRAM-SHA-512 -X sasl.username=%s \\
                                -X sasl.password="$(cat %s)" -X ssl.ca.location=%s -L
                  psql        psql "postgresql://%s@%s:%s/%s?sslmode=verify-full&sslrootcert=%s"
                  aws         aws --endpoint-url %s --ca-bundle %s s3 ls s3://%s/ --recursive
                """.formatted(kafkaSecurity.certificates().caPem(), kafkaSecurity.passwordFile(operator).getParent(),
                operator, LocalKafkaSecurity.APP, LocalKafkaSecurity.BATCHER, LocalKafkaSecurity.LOADER, LocalKafkaSecurity.PIPELINE,
                s.get(Setting.KAFKA_BOOTSTRAP_SERVERS), operator, kafkaSecurity.passwordFile(operator),
                kafkaSecurity.certificates().caPem(), s.get(Setting.WAREHOUSE_USER), HOST, s.get(Setting.LOCAL_POSTGRES_PORT),
                DATABASE, kafkaSecurity.certificates().caPem(),
                s.get(Setting.S3_ENDPOINT), kafkaSecurity.certificates().caPem(), s.get(Setting.S3_BUCKET));
    }

    /** Deletes {@code dir} except {@code keep} (null: everything); a directory still holding it stays. */
    private static void deleteRecursively(Path dir, Path keep) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(keep)).forEach(p -> p.toFile().delete());
        }
    }
}
