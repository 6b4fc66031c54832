package routes.operate;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void offATerminalARunLeavesOneSummaryLineWithEveryPhaseAndNoCarriageReturn() {
        Progress progress = new Progress(out, false, "replay");
        runPhases(progress);

        assertThat(written()).as("nothing while it runs").isEmpty();
        progress.finish();
        progress.finish();

        assertThat(written()).doesNotContain("\r").hasLineCount(1)
                .startsWith("replay: listing event keys 3/3 (2 days, 500 objects) ")
                .contains(", reading metadata 500/500 ", ", reading the ledger ", ", publishing 500/500 ")
                .endsWith(" s" + System.lineSeparator());
    }

    @Test
    void aRunThatFailsMidwayStillSaysHowFarItGotInItsOneLine() {
        Progress progress = new Progress(out, false, "replay");
        Progress.Phase reading = progress.phase("reading metadata", 10);
        for (int i = 0; i < 4; i++) {
            reading.step();
        }
        progress.finish();

        assertThat(written()).hasLineCount(1).startsWith("replay: reading metadata 4/10 ");
    }

    @Test
    void onATerminalEachPhaseIsDrawnInPlaceFromItsStartAndLeftStandingWhenItEnds() {
        Progress progress = new Progress(out, true, "replay");
        progress.phase("listing event keys", 0);
        assertThat(written()).as("drawn before any step").isEqualTo("\rlisting event keys");

        runPhases(progress);
        progress.finish();

        String[] lines = written().split(System.lineSeparator());
        assertThat(lines).hasSize(5);
        assertThat(lines[2]).startsWith("\rreading metadata [").contains("] 0/500").endsWith("] 500/500");
        assertThat(lines[4]).endsWith("publishing [" + "#".repeat(30) + "] 500/500");
    }

    @Test
    void aSilentProgressPrintsNothing() {
        Progress progress = Progress.silent();
        runPhases(progress);
        progress.finish();
        assertThat(written()).isEmpty();
    }

    private static void runPhases(Progress progress) {
        Progress.Phase listing = progress.phase("listing event keys", 0);
        listing.total(3);
        for (int key = 0; key < 3; key++) {
            listing.detail(key + " days, " + key * 250 + " objects");
            listing.step();
        }
        Progress.Phase reading = progress.phase("reading metadata", 500);
        for (int i = 0; i < 500; i++) {
            reading.step();
        }
        progress.phase("reading the ledger", 0);
        Progress.Phase publishing = progress.phase("publishing", 500);
        for (int i = 0; i < 500; i++) {
            publishing.step();
        }
    }

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
