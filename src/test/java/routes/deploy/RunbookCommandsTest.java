package routes.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunbookCommandsTest {

    @Test
    void bashBlocksAreReadAsTypedCommandsJoinedQuotedAndCutAtThePipe(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("page.md");
        Files.writeString(page, """
                Text `kubectl not-a-command`.

                ```bash
                # a comment
                kubectl -n ns rollout status \\
                  deployment/app --timeout=5m
                kubectl logs deployment/app | grep -E 'a b|c'
                ```

                ```yaml
                kubectl: not a command
                ```
                """);
        List<RunbookCommands.Command> commands = RunbookCommands.read(page);
        assertThat(commands).extracting(RunbookCommands.Command::words).containsExactly(
                List.of("kubectl", "-n", "ns", "rollout", "status", "deployment/app", "--timeout=5m"),
                List.of("kubectl", "logs", "deployment/app"));
        assertThat(commands.get(0).option("-n")).isEqualTo("ns");
        assertThat(commands.get(0).option("--timeout")).isEqualTo("5m");
    }
}
