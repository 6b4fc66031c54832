package routes.load;

import routes.contract.Warehouse;
import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WarehouseDataSourceTest {

    @Test
    void redshiftPoolNeverPreparesStatementsOnTheServer() {
        HikariConfig config = WarehouseDataSource.config(Warehouse.REDSHIFT, "jdbc:redshift://cluster:5439/events", "loader", "pw", 4);

        assertThat(config.getDataSourceProperties()).containsEntry("prepareThreshold", "0");
    }

    /**
     * prepareThreshold=0 alone leaves every PreparedStatement named and cached per connection: the driver's
     * RedshiftPreparedStatement.isOneShotQuery answers false while enableGeneratedName is true, its default.
     */
    @Test
    void redshiftPoolTurnsOffTheDriversGeneratedStatementNames() {
        HikariConfig config = WarehouseDataSource.config(Warehouse.REDSHIFT, "jdbc:redshift://cluster:5439/events", "loader", "pw", 4);
        com.amazon.redshift.RedshiftProperty generatedNames =
                com.amazon.redshift.RedshiftProperty.ENABLE_GENERATED_NAME_FOR_PREPARED_STATEMENT;

        assertThat(generatedNames.getDefaultValue()).as("the driver on the classpath names statements by default").isEqualTo("true");
        assertThat(config.getDataSourceProperties()).containsEntry("enableGeneratedName", "false");
        // the driver lower-cases the keys it is given (RedshiftProperties), so this is the property it reads
        assertThat("enableGeneratedName".toLowerCase(java.util.Locale.ENGLISH)).isEqualTo(generatedNames.getName());
    }

    @Test
    void everySessionRunsInUtc() {
        for (Warehouse dialect : Warehouse.values()) {
            HikariConfig config = WarehouseDataSource.config(dialect, "jdbc:postgresql://h/db", "u", "p", 2);
            assertThat(config.getConnectionInitSql()).isEqualTo("SET timezone TO 'UTC'");
        }
    }

    @Test
    void iamUrlPoolSendsNoPasswordOfItsOwn() {
        HikariConfig iam = WarehouseDataSource.config(Warehouse.REDSHIFT,
                "jdbc:redshift:iam://events.abc123xyz789.us-east-1.redshift.amazonaws.com:5439/dev", "loader", "events", 4);
        HikariConfig password = WarehouseDataSource.config(Warehouse.REDSHIFT, "jdbc:redshift://cluster:5439/events", "loader", "pw", 4);

        assertThat(iam.getPassword()).isNull();
        assertThat(iam.getUsername()).as("the database user GetClusterCredentials is asked for").isEqualTo("loader");
        assertThat(password.getPassword()).isEqualTo("pw");
    }

    @Test
    void postgresqlPoolKeepsTheDriversPreparedStatements() {
        HikariConfig config = WarehouseDataSource.config(Warehouse.POSTGRESQL, "jdbc:postgresql://h/db", "u", "p", 2);

        assertThat(config.getDataSourceProperties()).doesNotContainKey("prepareThreshold");
    }
}
