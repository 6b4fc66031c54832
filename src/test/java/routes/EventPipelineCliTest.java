package routes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventPipelineCliTest {

    @Test
    void theAllInOneClasspathRegistersEveryCommand() {
        // The production jar lacks LocalCommand and BenchCommand; SlimJarIT runs its --help.
        assertThat(EventPipelineCli.commandLine().getSubcommands().keySet())
                .contains("run", "reconcile", "dlq", "replay", "janitor", "fields", "local", "bench");
    }
}
