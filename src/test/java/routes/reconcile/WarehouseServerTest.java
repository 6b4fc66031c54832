package routes.reconcile;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class WarehouseServerTest {

    private static final String POSTGRES = "PostgreSQL 14.10 on x86_64-pc-linux-gnu, compiled by gcc, 64-bit";
    private static final String REDSHIFT = "PostgreSQL 8.0.2 on i686-pc-linux-gnu, compiled by GCC gcc (GCC) 3.4.2"
            + " 20041017 (Red Hat 3.4.2-6.fc3), Redshift 1.0.12103";

    @ParameterizedTest(name = "dialect {0} on {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "redshift|postgres|pipeline.warehouse.dialect=redshift but the server at jdbc:postgresql://db:5432/events is PostgreSQL 14.10, not Amazon Redshift; set pipeline.warehouse.dialect=postgresql",
            "postgresql|redshift|pipeline.warehouse.dialect=postgresql but the server at jdbc:postgresql://db:5432/events is Amazon Redshift; set pipeline.warehouse.dialect=redshift",
            "redshift|redshift|-",
            "postgresql|postgres|-"})
    void aDialectThatIsNotTheServersSaysWhatToSet(String dialect, String server, String message) {
        String version = server.equals("redshift") ? REDSHIFT : POSTGRES;

        assertThat(WarehouseServer.mismatch(routes.contract.Warehouse.of(dialect), version, "jdbc:postgresql://db:5432/events")).isEqualTo(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "jdbc:postgresql://localhost:5433/pipeline|jdbc:postgresql://localhost:5433/pipeline",
            "jdbc:postgresql://localhost:5433/pipeline?user=u&password=secret|jdbc:postgresql://localhost:5433/pipeline",
            "jdbc:redshift://u:secret@cluster.example:5439/dev|jdbc:redshift://cluster.example:5439/dev",
            "jdbc:redshift://cluster.example:5439/dev;UID=u;PWD=secret|jdbc:redshift://cluster.example:5439/dev",
            "jdbc:redshift:iam://cluster.example:5439/dev?AccessKeyID=AK&SecretAccessKey=S|jdbc:redshift:iam://cluster.example:5439/dev"})
    void urlsInMessagesCarryNoCredentials(String url, String shown) {
        assertThat(WarehouseServer.withoutCredentials(url)).isEqualTo(shown).doesNotContain("secret");
    }
}
