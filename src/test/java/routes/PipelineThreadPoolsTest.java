package routes;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import routes.config.PipelineSettings;
import routes.config.Setting;
import routes.load.ObjectFetcher;
import routes.load.ObjectStore;
import routes.local.ProgressReporter;
import routes.monitor.ConsumerLagMonitor;
import routes.monitor.DependencyHealthCheck;
import routes.monitor.LoadHistory;
import routes.monitor.PipelineMetrics;
import routes.status.StatusPage;
import routes.testing.RecordingThreadPools;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The pipeline's own threads (timers, probes, the loader's fetch pool) come from the Camel context's
 * ExecutorServiceManager: named, listed with the context's thread pools in JMX, and shut down when the context
 * stops even if their owner forgot to close them. (The load turns' rest timer: LoadTurnsTest.)
 */
class PipelineThreadPoolsTest {

    private static final List<String> POOLS = List.of("consumer-lag", "health-warehouse", "load-fetch", "progress",
            "status-health", "status-sampler");

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final RecordingThreadPools pools = RecordingThreadPools.installIn(camel);
    private final PipelineSettings settings = PipelineSettings.builder()
            .set(Setting.KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:9") // nothing listens: the lag reading fails quietly
            .build();

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void everyPoolIsMadeByTheContextAndShutDownWhenItStops() {
        startEveryPool();
        assertThat(pools.names()).containsAll(POOLS);

        camel.stop(); // no owner closed its pool

        POOLS.forEach(name -> assertThat(pools.pool(name).isShutdown()).as(name + " shut down with the context").isTrue());
    }

    @Test
    void everyOwnerClosesQuietlyAfterTheContextStoppedItsPool() {
        List<AutoCloseable> owners = startEveryPool();
        camel.stop();

        owners.forEach(owner -> assertThatCode(owner::close).as(owner.getClass().getSimpleName()).doesNotThrowAnyException());
    }

    @Test
    void everyPoolIsListedWithTheContextsThreadPoolsInJmx() throws Exception {
        startEveryPool();

        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<String> listed = server.queryNames(new ObjectName("org.apache.camel:context=" + camel.getName()
                + ",type=threadpools,*"), null).stream().map(n -> n.getKeyProperty("name")).toList();
        POOLS.forEach(name -> assertThat(listed).as("JMX thread pools").anyMatch(id -> id.contains(name)));
    }

    /** Each owner of a pool, started on the context as the pipeline starts it; returns them to close. */
    private List<AutoCloseable> startEveryPool() {
        camel.start();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ObjectFetcher fetcher = new ObjectFetcher(new NoObjects(), 2, 1 << 20);
        fetcher.setCamelContext(camel);
        StatusPage status = new StatusPage(settings);
        status.start(camel, registry, new LoadHistory(), null, null);
        DependencyHealthCheck warehouse = new DependencyHealthCheck("warehouse", () -> "up", Duration.ofSeconds(2));
        warehouse.setCamelContext(camel);
        assertThat(warehouse.call(Map.of()).getState().name()).isEqualTo("UP");
        return List.of(fetcher, ConsumerLagMonitor.start(camel, settings, registry),
                ProgressReporter.start(camel, settings, new PipelineMetrics(registry)), status, warehouse::close);
    }

    private static final class NoObjects implements ObjectStore {
        @Override
        public InputStream open(String bucket, String key) throws IOException {
            throw new IOException("no objects here");
        }

        @Override
        public OptionalLong size(String bucket, String key) {
            return OptionalLong.empty();
        }
    }
}
