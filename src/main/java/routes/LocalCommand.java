package routes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.local.EventGenerator;
import routes.local.LocalServices;
import routes.local.LocalServicesSettings;
import routes.local.PortGuard;
import routes.local.SyntheticEvents;
import routes.monitor.ProgressReporter;

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
                "on 127.0.0.1, both routes, a synthetic event generator and a progress line. Ctrl-C stops it cleanly."})
final class LocalCommand implements Callable<Integer> {

    private static final String HOST = "127.0.0.1";
    private static final String DATABASE = "events";

    @Option(names = "--rate", paramLabel = "N", description = "Generated events per second; 0 = no generator (default: pipeline.local.rate = 1000).")
    Integer rate;

    @Option(names = "--keys", paramLabel = "N", description = "Distinct event keys of the generator (default: pipeline.local.keys = 50).")
    Integer keys;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Keep the services' state here between runs (default: a temp dir removed on exit).")
    Path dataDir;

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
        String dir = requested.get(Setting.LOCAL_DATA_DIR);
        Path state = dir.isEmpty() ? Files.createTempDirectory("event-pipeline-local") : Path.of(dir);
        boolean temporary = dir.isEmpty();

        long started = System.nanoTime();
        PortGuard.requireFree(HOST, requested.getInt(Setting.HTTP_PORT), Setting.HTTP_PORT);
        ShutdownSignal signal = ShutdownSignal.install();
        try (LocalServices services = new LocalServices(servicesSettings(requested, state))) {
            services.start();
            PipelineSettings settings = builder
                    .set(Setting.KAFKA_BOOTSTRAP_SERVERS, services.kafkaBootstrapServers())
                    .set(Setting.S3_ENDPOINT, services.s3Endpoint())
                    .set(Setting.WAREHOUSE_JDBC_URL, services.jdbcUrl())
                    .build();
            try (PipelineRuntime runtime = PipelineRuntime.start(settings);
                 EventGenerator generator = generator(settings);
                 ProgressReporter progress = ProgressReporter.start(settings, runtime.beans().metrics())) {
                printBanner(settings, state, (System.nanoTime() - started) / 1_000_000);
                signal.await();
                System.out.println();
                System.out.println("stopping: consumers, open batches, services …");
            }
        } finally {
            if (temporary) {
                deleteRecursively(state);
            }
        }
        System.out.println("stopped");
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

    private static EventGenerator generator(PipelineSettings s) {
        int rate = s.getInt(Setting.LOCAL_RATE);
        return new EventGenerator(s.get(Setting.KAFKA_BOOTSTRAP_SERVERS), s.get(Setting.KAFKA_TOPIC_EVENTS), rate,
                new SyntheticEvents(System.nanoTime(), s.getInt(Setting.LOCAL_KEYS), SyntheticEvents.DEFAULT_EVENT_BYTES)).start();
    }

    private static void printBanner(PipelineSettings s, Path state, long millis) {
        String http = "http://" + s.get(Setting.HTTP_HOST) + ":" + s.get(Setting.HTTP_PORT);
        System.out.printf("""
                event-pipeline local is up in %d ms (state in %s)
                  Kafka       %s   topics %s, %s, %s
                  S3          %s   bucket %s (access key %s)
                  PostgreSQL  %s   user %s
                  HTTP        %s/observe/health  %s/observe/metrics  %s/observe/jolokia
                  generator   %s events/s
                Ctrl-C stops everything.
                """, millis, state,
                s.get(Setting.KAFKA_BOOTSTRAP_SERVERS), s.get(Setting.KAFKA_TOPIC_EVENTS),
                s.get(Setting.KAFKA_TOPIC_BATCHES), s.get(Setting.KAFKA_TOPIC_DLQ),
                s.get(Setting.S3_ENDPOINT), s.get(Setting.S3_BUCKET), s.get(Setting.S3_ACCESS_KEY),
                s.get(Setting.WAREHOUSE_JDBC_URL), s.get(Setting.WAREHOUSE_USER),
                http, http, http, s.get(Setting.LOCAL_RATE));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
