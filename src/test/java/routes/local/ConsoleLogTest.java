package routes.local;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleLogTest {

    private final LoggerContext context = new LoggerContext();

    @Test
    void thePanelCountsThePipelinesWarningsNotTheEmbeddedServicesOwn() {
        ConsoleLog.Warnings warnings = new ConsoleLog.Warnings();
        warnings.setContext(context);
        warnings.start();

        warnings.doAppend(event("org.apache.kafka.controller.QuorumController", Level.WARN,
                "Performing controller activation. The metadata log appears to be empty."));
        warnings.doAppend(event("org.gaul.s3proxy.S3ProxyHandler", Level.ERROR, "s3proxy internal"));
        assertThat(warnings.count()).isZero();
        assertThat(warnings.last()).isNull();

        warnings.doAppend(event("org.apache.kafka.clients.NetworkClient", Level.WARN, "Connection to node 1 could not be established"));
        warnings.doAppend(event("routes.load.LoadFailures", Level.WARN, "load table=public.events attempt=2 failed, retrying"));
        warnings.doAppend(event("routes.load.LoadStep", Level.INFO, "load table=public.events batches=3"));

        assertThat(warnings.count()).isEqualTo(2);
        assertThat(warnings.last()).isEqualTo("WARN LoadFailures: load table=public.events attempt=2 failed, retrying");
    }

    private LoggingEvent event(String logger, Level level, String message) {
        return new LoggingEvent(getClass().getName(), context.getLogger(logger), level, message, null, null);
    }
}
