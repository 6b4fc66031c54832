package routes;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

class ReconcileCommandTest {

    @Test
    void helpNamesBothWarehousesAndNoPostgresqlOnlyRestriction() {
        String help = new CommandLine(new EventPipelineCli()).getSubcommands().get("reconcile").getUsageMessage();

        assertThat(help).contains("PostgreSQL and Amazon Redshift").contains("no LOCK")
                .doesNotContainIgnoringCase("postgresql only").doesNotContain("only so far");
    }
}
