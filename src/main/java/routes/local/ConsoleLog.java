package routes.local;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where `local` logs while the terminal shows the status panel: logback's console appender (logback.xml's
 * {@value #CONSOLE}) is replaced by a file appender with the same pattern, and every WARN or ERROR is counted
 * so the panel can say how many there were and what the last one said.
 */
public final class ConsoleLog {

    static final String CONSOLE = "CONSOLE";
    private static final String DEFAULT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";

    /**
     * The embedded services' own loggers (broker and controller, S3 server, PostgreSQL): their warnings stay in the
     * log file but are not the pipeline's, so the panel does not count them. A fresh data dir always makes the
     * KRaft controller warn that its metadata log is empty, for example. Kafka's clients (org.apache.kafka.clients),
     * which the pipeline itself runs, are counted.
     */
    static final List<String> EMBEDDED_SERVICE_LOGGERS = List.of("kafka.", "org.apache.kafka.controller.",
            "org.apache.kafka.raft.", "org.apache.kafka.metadata.", "org.apache.kafka.image.", "org.apache.kafka.server.",
            "org.apache.kafka.storage.", "org.apache.kafka.coordinator.", "org.gaul.s3proxy.", "org.jclouds.",
            "org.eclipse.jetty.", "io.zonky.");

    /** The pipeline's WARN and ERROR lines since start, and the newest one's message. */
    public static final class Warnings extends AppenderBase<ILoggingEvent> {
        private final AtomicLong count = new AtomicLong();
        private final AtomicReference<String> last = new AtomicReference<>();

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.WARN) && !fromEmbeddedService(event.getLoggerName())) {
                count.incrementAndGet();
                last.set(event.getLevel() + " " + shortName(event.getLoggerName()) + ": " + event.getFormattedMessage());
            }
        }

        public long count() {
            return count.get();
        }

        /** The newest warning or error, one line; null when there was none. */
        public String last() {
            String message = last.get();
            return message == null ? null : message.lines().findFirst().orElse("");
        }

        private static boolean fromEmbeddedService(String logger) {
            return EMBEDDED_SERVICE_LOGGERS.stream().anyMatch(logger::startsWith);
        }

        private static String shortName(String logger) {
            return logger.substring(logger.lastIndexOf('.') + 1);
        }
    }

    private ConsoleLog() {
    }

    /** From now on the log goes to {@code file} (appended) instead of the console; returns the warning counter. */
    public static Warnings toFile(Path file) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> console = root.getAppender(CONSOLE);

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern(console));
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("FILE");
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();

        Warnings warnings = new Warnings();
        warnings.setContext(context);
        warnings.setName("WARNINGS");
        warnings.start();

        root.addAppender(appender);
        root.addAppender(warnings);
        root.detachAppender(CONSOLE);
        return warnings;
    }

    /** The console's own pattern, so that the file reads like the console did. */
    private static String pattern(Appender<ILoggingEvent> console) {
        if (console instanceof ch.qos.logback.core.OutputStreamAppender<ILoggingEvent> stream) {
            Encoder<ILoggingEvent> encoder = stream.getEncoder();
            if (encoder instanceof PatternLayoutEncoder layout) {
                return layout.getPattern();
            }
        }
        return DEFAULT_PATTERN;
    }
}
