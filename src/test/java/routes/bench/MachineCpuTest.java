package routes.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

class MachineCpuTest {

    @Test
    void busyShareCountsUserSystemIrqAndStealButNotIdleOrIowait() {
        MachineCpu start = MachineCpu.parse("cpu  100 0 50 800 50 0 0 0 0 0");
        MachineCpu end = MachineCpu.parse("cpu  250 10 100 850 60 5 5 5 0 0");

        // busy +225 (user 150, nice 10, system 50, irq 5, softirq 5, steal 5), idle + iowait +60: 225 of 285 ticks
        assertThat(end.percentSince(start, 2)).isCloseTo(200.0 * 225 / 285, offset(0.01));
    }

    @Test
    void withoutReadingsTheShareIsUnknownRatherThanZero() {
        assertThat(new MachineCpu(0, 0).percentSince(new MachineCpu(0, 0), 2)).isNaN();
    }

    @Test
    void aLineThatIsNotTheCpuTotalIsRefused() {
        assertThatThrownBy(() -> MachineCpu.parse("cpu0 1 2 3 4 5 6 7 8")).isInstanceOf(IllegalArgumentException.class);
    }
}
