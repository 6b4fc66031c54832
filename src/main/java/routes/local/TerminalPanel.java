package routes.local;

import org.apache.camel.CamelContext;
import routes.monitor.ContextThreadPools;
import routes.status.StatusReport;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Repaints {@link StatusPanel} in place on a terminal (ANSI: cursor home, clear to end of line and below), so
 * `local` shows one calm screen instead of scrolling lines. The last frame stays on screen when it stops.
 */
public final class TerminalPanel implements AutoCloseable {

    private static final String HOME = "\033[H";
    private static final String CLEAR_SCREEN = "\033[2J";
    private static final String CLEAR_LINE = "\033[K";
    private static final String CLEAR_BELOW = "\033[J";

    private final PrintStream out;
    private final List<String> header;
    private final Supplier<StatusReport> reports;
    private final ConsoleLog.Warnings warnings;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CamelContext context;
    private final ScheduledExecutorService timer;

    private TerminalPanel(CamelContext context, PrintStream out, List<String> header, Supplier<StatusReport> reports,
                          ConsoleLog.Warnings warnings) {
        this.context = context;
        this.timer = ContextThreadPools.timer(context, this, "terminal-panel");
        this.out = out;
        this.header = header;
        this.reports = reports;
        this.warnings = warnings;
    }

    /** Paints on a timer thread of the Camel context's ({@link ContextThreadPools}). */
    public static TerminalPanel start(CamelContext context, PrintStream out, List<String> header,
                                      Supplier<StatusReport> reports, ConsoleLog.Warnings warnings, long periodMillis) {
        TerminalPanel panel = new TerminalPanel(context, out, header, reports, warnings);
        out.print(CLEAR_SCREEN);
        panel.timer.scheduleAtFixedRate(panel::paint, 0, periodMillis, TimeUnit.MILLISECONDS);
        return panel;
    }

    private void paint() {
        try {
            StatusReport report = reports.get();
            if (report == null) {
                return;
            }
            StringBuilder frame = new StringBuilder(HOME);
            for (String line : StatusPanel.lines(header, report, warnings.count(), warnings.last())) {
                frame.append(line).append(CLEAR_LINE).append('\n');
            }
            out.print(frame.append(CLEAR_BELOW));
            out.flush();
        } catch (RuntimeException e) {
            // a frame that failed is simply not drawn; the next one tries again (the log has the meters' own errors)
        }
    }

    /** Stops repainting after one last frame, leaving the cursor below it. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        context.getExecutorServiceManager().shutdownNow(timer);
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        paint();
    }
}
