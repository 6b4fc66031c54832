package routes.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class JvmOwnThreadsCpuTest {

    @Test
    void readsTheJitCompilersCpuOfThisJvm() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");

        // a test JVM has compiled its framework's hot methods by the time a test runs
        assertThat(JvmOwnThreadsCpu.jitNanos()).isPositive();
    }

    @Test
    void namesTheJvmsOwnThreadsByTheirNativeNames() {
        assertThat(JvmOwnThreadsCpu.group("C2 CompilerThre")).isEqualTo(JvmOwnThreadsCpu.JIT);
        assertThat(JvmOwnThreadsCpu.group("C1 CompilerThre")).isEqualTo(JvmOwnThreadsCpu.JIT);
        assertThat(JvmOwnThreadsCpu.group("GC Thread#1")).isEqualTo(JvmOwnThreadsCpu.GC);
        assertThat(JvmOwnThreadsCpu.group("G1 Conc#0")).isEqualTo(JvmOwnThreadsCpu.GC);
        assertThat(JvmOwnThreadsCpu.group("VM Thread")).isEqualTo(JvmOwnThreadsCpu.VM_THREAD);
        assertThat(JvmOwnThreadsCpu.group("Camel (camel-1)")).isNull();
    }

    @Test
    void addsUserAndSystemTicksOfAStatLineWhoseNameHoldsSpacesAndParentheses() {
        String stat = "4242 (C2 (x) Thre) S 1 1 1 0 -1 4194368 100 0 0 0 735 12 0 0 20 0 1 0 100 0 0";

        assertThat(JvmOwnThreadsCpu.ticks(stat)).isEqualTo(747);
    }
}
