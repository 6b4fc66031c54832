package routes.preflight;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * While preflight runs, the report is the terminal's only content: client libraries would otherwise print
 * reconnect warnings (and Hikari a stack trace) for exactly the failures the report names in one line.
 * {@code --verbose} shows preflight's own DEBUG detail instead. {@link #close} restores every level.
 */
public final class QuietLogs implements AutoCloseable {

    private final Map<Logger, Level> saved = new LinkedHashMap<>();

    private QuietLogs() {
    }

    public static QuietLogs apply(boolean verbose) {
        QuietLogs quiet = new QuietLogs();
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            for (Logger logger : context.getLoggerList()) {
                if (logger.getLevel() != null) {
                    quiet.saved.put(logger, logger.getLevel());
                    logger.setLevel(Level.OFF);
                }
            }
            Logger own = context.getLogger("routes.preflight");
            quiet.saved.putIfAbsent(own, own.getLevel());
            own.setLevel(verbose ? Level.DEBUG : Level.OFF);
        }
        return quiet;
    }

    @Override
    public void close() {
        saved.forEach(Logger::setLevel);
    }
}
