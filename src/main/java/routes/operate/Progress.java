package routes.operate;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The progress of an operator command, in phases (listing, reading metadata, publishing, ...), on stderr. On a
 * terminal each phase is a line redrawn in place from the moment it starts (at most every {@value #REDRAW_MS} ms, so
 * a slow listing shows it is alive) and left standing when the next one starts. Anywhere else (a redirected log, a
 * pipe, a CronJob) redrawing would leave a {@code \r} frame per step in the file: nothing is printed while it runs and
 * {@link #finish()} writes one summary line of every phase with its counts and time. Counts only, never content.
 */
public final class Progress {

    private static final int WIDTH = 30;
    private static final long REDRAW_MS = 200;

    private final PrintStream out;
    private final boolean terminal;
    private final String command;
    private final List<Phase> phases = new ArrayList<>();
    private boolean finished;

    /** @param terminal whether {@code out} is a terminal ({@link StderrTerminal}); null {@code out} prints nothing */
    public Progress(PrintStream out, boolean terminal, String command) {
        this.out = out;
        this.terminal = terminal;
        this.command = command;
    }

    /** Progress of {@code command} on this process's stderr, drawn as bars only when stderr is a terminal. */
    public static Progress onStderr(String command) {
        return new Progress(System.err, StderrTerminal.isTerminal(), command);
    }

    public static Progress silent() {
        return new Progress(null, false, "");
    }

    /** Ends the phase before and starts the next; {@code total} 0 when not known yet ({@link Phase#total}). */
    public Phase phase(String label, long total) {
        endCurrent();
        Phase phase = new Phase(label, total);
        phases.add(phase);
        phase.draw(true);
        return phase;
    }

    /** Ends the last phase; off a terminal, prints the one summary line. Idempotent: call it in a finally. */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        endCurrent();
        if (out != null && !terminal && !phases.isEmpty()) {
            out.println(summary());
            out.flush();
        }
    }

    /** {@code replay: listing event keys 3/3 (12 days, 340 objects) 0.8 s, reading metadata 340/340 2.1 s, ...} */
    String summary() {
        StringBuilder line = new StringBuilder(command).append(':');
        for (int i = 0; i < phases.size(); i++) {
            Phase p = phases.get(i);
            line.append(i == 0 ? " " : ", ").append(p.counts())
                    .append(String.format(Locale.ROOT, " %.1f s", p.elapsedNanos() / 1e9));
        }
        return line.toString();
    }

    private void endCurrent() {
        if (!phases.isEmpty()) {
            phases.get(phases.size() - 1).end();
        }
    }

    /** One phase: a count of steps out of a total, and a free detail (counts) shown beside it. */
    public final class Phase {

        private final String label;
        private final long startedNanos = System.nanoTime();
        private long total;
        private long done;
        private String detail = "";
        private long endedNanos = -1;
        private long lastDrawNanos;
        private int lastLength;
        /** Something changed since the last frame (a throttled step), to draw before the line is left standing. */
        private boolean changed;

        private Phase(String label, long total) {
            this.label = label;
            this.total = total;
        }

        /** The number of steps, once known (a listing learns it after its first request). */
        public void total(long steps) {
            total = steps;
            draw(false);
        }

        public void step() {
            done++;
            draw(total > 0 && done >= total);
        }

        /** Counts shown beside the steps, e.g. "12 days, 340 objects". */
        public void detail(String counts) {
            detail = counts;
            draw(false);
        }

        private void end() {
            if (endedNanos < 0) {
                endedNanos = System.nanoTime();
                if (changed) {
                    draw(true);
                }
                if (out != null && terminal) {
                    out.println();
                    out.flush();
                }
            }
        }

        private long elapsedNanos() {
            return (endedNanos < 0 ? System.nanoTime() : endedNanos) - startedNanos;
        }

        String counts() {
            String steps = total > 0 ? done + "/" + total : done > 0 ? String.valueOf(done) : "";
            String text = steps.isEmpty() ? label : label + " " + steps;
            return detail.isEmpty() ? text : text + " (" + detail + ")";
        }

        private void draw(boolean force) {
            if (out == null || !terminal) {
                return;
            }
            long now = System.nanoTime();
            if (!force && now - lastDrawNanos < REDRAW_MS * 1_000_000) {
                changed = true;
                return;
            }
            lastDrawNanos = now;
            changed = false;
            String frame = total > 0 ? bar() : counts();
            String padded = frame + " ".repeat(Math.max(0, lastLength - frame.length()));
            lastLength = frame.length();
            out.print("\r" + padded);
            out.flush();
        }

        private String bar() {
            int filled = (int) (Math.min(done, total) * WIDTH / total);
            String text = label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total;
            return detail.isEmpty() ? text : text + " (" + detail + ")";
        }
    }
}
