package routes.operate;

import java.io.PrintStream;

/** A one-line progress bar on the terminal (stderr), redrawn when the percentage changes; counts only. */
public final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long total;
    private long done;
    private int lastPercent = -1;

    public ProgressBar(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = total;
    }

    public static ProgressBar silent() {
        return new ProgressBar(null, "", 0);
    }

    public void step() {
        done++;
        if (out == null || total <= 0) {
            return;
        }
        int percent = (int) (done * 100 / total);
        if (percent != lastPercent) {
            lastPercent = percent;
            int filled = percent * WIDTH / 100;
            out.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total);
            if (done >= total) {
                out.println();
            }
            out.flush();
        }
    }

    /** A bar of the same kind for the next phase. */
    public ProgressBar next(String nextLabel, long nextTotal) {
        return out == null ? silent() : new ProgressBar(out, nextLabel, nextTotal);
    }
}
